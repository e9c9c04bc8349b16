#include "project.h"
#include <chrono>
#include <thread>

namespace cfg {
std::string read_settings() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return "settings";
}

std::string reload() { return storage::read_through_cache("app.conf"); }

void spawn_reader() {
  std::thread reader([] { read_settings(); });
  reader.detach();
}
} // namespace cfg

// Blocks; storage.cpp has a tick of its own that does not.
static void tick() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }

namespace slow {
void helper() { tick(); }
} // namespace slow

void ping(int n) {
  if (n > 0)
    pong(n - 1);
}

void instantiate() { settle(1.0); }

namespace cfg {
settings_lock::~settings_lock() { read_settings(); }
settings_view::~settings_view() {}
} // namespace cfg
