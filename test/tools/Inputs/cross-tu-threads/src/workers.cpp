#include "workers.h"
#include <thread>

asio::io_context loop;
asio::steady_timer heartbeat(loop);

void stop_heartbeat() { heartbeat.cancel(); }

void heartbeat_worker() { stop_heartbeat(); }

void posting_worker() {
  asio::post(loop, [] { heartbeat.cancel(); });
}

void serve() {
  heartbeat.expires_after(std::chrono::seconds(1));
  loop.run();
}

void start_service() {
  heartbeat.expires_after(std::chrono::seconds(1));
  std::thread runner([] { loop.run(); });
  runner.join();
}

void run_loop() { loop.run(); }

void run_context(asio::io_context &io) { io.run(); }

void idle_work() {}
