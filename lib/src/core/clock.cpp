#include "core/clock.hpp"

#include <atomic>
#include <cstdint>

namespace coroguard::detail {
namespace {

constinit std::atomic<std::int64_t> test_offset_ns{0};

}  // namespace

std::chrono::nanoseconds monotonic_now() noexcept {
  const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch) +
         std::chrono::nanoseconds{test_offset_ns.load(std::memory_order_relaxed)};
}

void advance_clock_for_tests(std::chrono::nanoseconds by) noexcept {
  test_offset_ns.fetch_add(by.count(), std::memory_order_relaxed);
}

void reset_clock_for_tests() noexcept { test_offset_ns.store(0, std::memory_order_relaxed); }

}  // namespace coroguard::detail
