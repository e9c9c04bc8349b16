#include "core/thread_numbers.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace coroguard::detail {
namespace {

constinit std::mutex numbers_mutex;
// Heap-allocated on first use and never freed: no static destructor runs at exit.
constinit std::vector<std::thread::id>* numbered_threads = nullptr;

}  // namespace

unsigned thread_number(std::thread::id thread) {
  const std::lock_guard lock{numbers_mutex};
  if (numbered_threads == nullptr) {
    numbered_threads = new std::vector<std::thread::id>;
  }
  auto found = std::find(numbered_threads->begin(), numbered_threads->end(), thread);
  if (found == numbered_threads->end()) {
    numbered_threads->push_back(thread);
    found = numbered_threads->end() - 1;
  }
  return static_cast<unsigned>(found - numbered_threads->begin()) + 1;
}

void reset_thread_numbers_for_tests() noexcept {
  const std::lock_guard lock{numbers_mutex};
  if (numbered_threads != nullptr) {
    numbered_threads->clear();
  }
}

}  // namespace coroguard::detail
