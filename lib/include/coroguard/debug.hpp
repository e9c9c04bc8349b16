#pragma once

#include <atomic>
#include <cstdint>

#include "coroguard/detail/export.hpp"

namespace coroguard {

namespace detail {

enum class debug_state : std::uint8_t { unresolved, off, on };

// Constant-initialized to `unresolved`; every instrumented event reads it once, relaxed.
COROGUARD_API extern std::atomic<debug_state> debug_flag;

// First use: reads the COROGUARD_* environment variables and settles the flag.
COROGUARD_API bool resolve_debug_flag() noexcept;

}  // namespace detail

// Whether debug mode is on: COROGUARD_DEBUG=1 in the environment, or set_debug(true).
[[nodiscard]] inline bool debug_enabled() noexcept {
  const detail::debug_state state = detail::debug_flag.load(std::memory_order_relaxed);
  if (state == detail::debug_state::off) [[likely]] {
    return false;
  }
  if (state == detail::debug_state::on) {
    return true;
  }
  return detail::resolve_debug_flag();
}

// Turns debug mode on or off, overriding COROGUARD_DEBUG. Objects created while debug mode was off
// stay untracked.
COROGUARD_API void set_debug(bool enabled) noexcept;

}  // namespace coroguard
