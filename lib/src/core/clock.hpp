#pragma once

#include <chrono>

namespace coroguard::detail {

// steady_clock, plus whatever offset the tests advanced it by.
std::chrono::nanoseconds monotonic_now() noexcept;

void advance_clock_for_tests(std::chrono::nanoseconds by) noexcept;
void reset_clock_for_tests() noexcept;

}  // namespace coroguard::detail
