// Declarations of functions defined in other translation units.
#pragma once
#include <string>

namespace cfg {
std::string read_settings();
std::string reload();
void spawn_reader();
} // namespace cfg

namespace storage {
std::string read_file(const std::string &path);
std::string read_through_cache(const std::string &path);
void poll();

class journal {
public:
  void flush();
};
} // namespace storage

namespace fast {
void helper();
} // namespace fast
namespace slow {
void helper();
} // namespace slow

void ping(int n);
void pong(int n);
void defined_nowhere();

// In every TU that uses it: its chain is found there, from its body.
template <class T> void settle(T value) {
  (void)value;
  cfg::read_settings();
}

namespace cfg {
// Destructors defined in config.cpp: the lock's blocks, the view's does not.
class settings_lock {
public:
  ~settings_lock();
};
class settings_view {
public:
  ~settings_view();
};
} // namespace cfg
