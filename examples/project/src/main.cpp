#include "chat.h"

#include <chrono>
#include <cstdio>
#include <thread>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

namespace {

awaitable<void> listen(tcp::acceptor &acceptor, chat::history &log) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(acceptor.get_executor(), chat::session(std::move(socket), log),
                   asio::detached);
  }
}

awaitable<void> announce(tcp::endpoint endpoint) {
  std::printf("chat service listening on port %u\n", unsigned{endpoint.port()});
  co_return;
}

} // namespace

int main() {
  asio::io_context loop;
  asio::thread_pool pool(1);
  chat::history log;
  tcp::acceptor acceptor(loop, {asio::ip::address_v4::loopback(), 0});
  asio::steady_timer idle_timer(loop, std::chrono::minutes(5));

  auto greeting = announce(acceptor.local_endpoint());
  asio::co_spawn(loop, listen(acceptor, log), asio::detached);
  asio::co_spawn(loop, chat::flush_history(log, pool), asio::detached);
  chat::start_idle_reaper(acceptor, idle_timer);

  std::thread loop_thread([&loop] { loop.run_for(std::chrono::milliseconds(50)); });
  acceptor.close();
  loop_thread.join();
  pool.join();
}
