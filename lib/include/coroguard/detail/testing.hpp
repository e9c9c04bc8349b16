#pragma once

#include <chrono>

#include "coroguard/detail/export.hpp"

// Hooks for coroguard's own tests; not for applications.
namespace coroguard::detail::testing {

// Back to the state of a fresh process: the environment is read again on next use, the stderr
// sink is restored, and the rate limiter, thread numbers and clock offset are cleared.
COROGUARD_API void reset() noexcept;

// Moves coroguard's clock (callback timing, rate limiting) forward without sleeping.
COROGUARD_API void advance_clock(std::chrono::nanoseconds by) noexcept;

// What the atexit handler does: delivers a summary for every site with suppressed reports.
COROGUARD_API void flush_suppressed() noexcept;

}  // namespace coroguard::detail::testing
