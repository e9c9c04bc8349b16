#include "project.h"
#include <fstream>

namespace storage {
std::string read_file(const std::string &path) {
  std::ifstream in(path);
  std::string text;
  in >> text;
  return text;
}

std::string read_through_cache(const std::string &path) { return read_file(path); }

void journal::flush() { read_file("journal"); }
} // namespace storage

static void tick() {}

namespace storage {
void poll() { tick(); }
} // namespace storage

namespace fast {
void helper() {}
} // namespace fast

void pong(int n) {
  if (n > 0)
    ping(n - 1);
}
