#include "workers.h"
#include <functional>
#include <thread>

void start_far_runners() {
  std::thread runner([] {
    heartbeat.expires_after(std::chrono::seconds(1));
    run_service();
  });
  runner.join();
  std::thread idler([] {
    heartbeat.expires_after(std::chrono::seconds(1));
    idle_service();
  });
  idler.join();
}

void touch_while_running() {
  asio::steady_timer timer(loop);
  timer.expires_after(std::chrono::seconds(1));
  std::thread server(run_loop);
  timer.cancel();
  server.join();
  timer.cancel();
}

void touch_while_serving(asio::io_context &io) {
  asio::steady_timer timer(io);
  std::thread server(run_context, std::ref(io));
  timer.cancel();
  server.join();
}

void touch_while_lambda_serves(asio::io_context &io) {
  asio::steady_timer timer(io);
  std::thread server([&io] { run_context(io); });
  timer.cancel();
  server.join();
}

// coroguard-blocking-call into another TU, before and after a co_await that moves the
// coroutine to a pool.
asio::awaitable<void> wait_on_the_loop() {
  wait_a_while();
  co_return;
}

asio::awaitable<void> wait_on_the_pool(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
  wait_a_while();
}
