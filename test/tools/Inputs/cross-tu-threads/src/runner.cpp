#include "workers.h"
#include <thread>

void start_runner() {
  std::thread runner([] {
    heartbeat.expires_after(std::chrono::seconds(1));
    run_loop();
  });
  runner.join();
}
