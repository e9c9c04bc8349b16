// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// The findings of blocking-call.cpp and blocking-call-transitive.cpp with each
// category's suggestion applied: nothing is reported.

#include <asio.hpp>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace std::chrono_literals;
using asio::awaitable;
using asio::use_awaitable;

// Sleeping: use co_await timer.async_wait(...).
awaitable<void> sleeper() {
  asio::steady_timer Timer(co_await asio::this_coro::executor, 10ms);
  co_await Timer.async_wait(use_awaitable);
}

// File I/O: move the work to a pool with
// co_await asio::post(asio::bind_executor(pool, use_awaitable)).
awaitable<std::string> files(asio::thread_pool &Pool, std::string Path) {
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  std::ifstream In(Path);
  std::string Text;
  In >> Text;
  co_return Text;
}

// Synchronous waits: co_await the result instead of waiting for it.
awaitable<int> compute() { co_return 42; }

awaitable<void> waits() {
  int Value = co_await compute();
  (void)Value;
}

// Processes and name resolution: async_resolve, or the pool.
awaitable<void> processes(asio::thread_pool &Pool,
                          asio::ip::tcp::resolver &Resolver) {
  auto Results =
      co_await Resolver.async_resolve("example.com", "80", use_awaitable);
  (void)Results;
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  std::system("ls");
}

// Synchronous Asio operations: their async_ forms.
awaitable<void> sync_asio(asio::ip::tcp::socket &Socket,
                          asio::ip::tcp::acceptor &Acceptor,
                          asio::steady_timer &Timer) {
  char Data[64];
  co_await Socket.async_connect(asio::ip::tcp::endpoint(), use_awaitable);
  co_await Socket.async_read_some(asio::buffer(Data), use_awaitable);
  co_await asio::async_write(Socket, asio::buffer(Data), use_awaitable);
  auto Peer = co_await Acceptor.async_accept(use_awaitable);
  co_await Timer.async_wait(use_awaitable);
}

// Running the loop: co_spawn the work onto it.
awaitable<void> step() { co_return; }

awaitable<void> runs_loop(asio::io_context &Io) {
  asio::co_spawn(Io, step(), asio::detached);
  co_return;
}

// Through project functions: the call moves to the pool as well.
std::string read_config(const std::string &Path) {
  std::ifstream In(Path);
  std::string Text;
  In >> Text;
  return Text;
}

std::string load() { return read_config("server.conf"); }

awaitable<void> serve(asio::thread_pool &Pool) {
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  load();
}
