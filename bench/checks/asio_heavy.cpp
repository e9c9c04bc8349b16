// An Asio-heavy translation unit for the check benchmarks: a coroutine echo server, a
// timer-driven heartbeat, work offloaded to a thread pool, and a client, all with
// asio::awaitable. It includes the whole of <asio.hpp>, as real Asio code does.
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

awaitable<std::size_t> read_line(tcp::socket &socket, std::string &buffer) {
  co_return co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), '\n',
                                            use_awaitable);
}

awaitable<void> echo(tcp::socket socket) {
  std::string buffer;
  for (;;) {
    const std::size_t length = co_await read_line(socket, buffer);
    co_await asio::async_write(socket, asio::buffer(buffer, length), use_awaitable);
    buffer.erase(0, length);
  }
}

awaitable<void> heartbeat(std::chrono::milliseconds period) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (int beat = 0; beat < 3; ++beat) {
    timer.expires_after(period);
    co_await timer.async_wait(use_awaitable);
  }
}

std::string load_settings(const std::string &path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

awaitable<std::string> settings_on_pool(asio::thread_pool &pool, std::string path) {
  co_await asio::post(pool, use_awaitable);
  // use_awaitable resumes on the coroutine's own executor, not the pool: a
  // blocking chain kept on purpose, so the benchmark pays for a reported one.
  co_return load_settings(path); // NOLINT(coroguard-blocking-call): kept
}

awaitable<void> listener(tcp::acceptor acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), asio::detached);
  }
}

awaitable<void> client(tcp::endpoint endpoint) {
  tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(endpoint, use_awaitable);
  std::string line = "ping\n";
  co_await asio::async_write(socket, asio::buffer(line), use_awaitable);
  std::string reply;
  co_await read_line(socket, reply);
  using namespace asio::experimental::awaitable_operators;
  co_await (heartbeat(1ms) && heartbeat(2ms));
}

} // namespace

int main() {
  asio::io_context loop;
  asio::thread_pool pool(2);
  tcp::acceptor acceptor(loop, {asio::ip::address_v4::loopback(), 0});
  const tcp::endpoint endpoint = acceptor.local_endpoint();
  asio::co_spawn(loop, listener(std::move(acceptor)), asio::detached);
  asio::co_spawn(loop, client(endpoint), asio::detached);
  asio::co_spawn(loop, settings_on_pool(pool, "/dev/null"),
                 [](std::exception_ptr, std::string settings) { std::puts(settings.c_str()); });
  std::thread runner([&loop] { loop.run_for(100ms); });
  runner.join();
  pool.join();
}
