#pragma once

#include <chrono>

#include "coroguard/detail/export.hpp"

namespace coroguard {

// The debug-mode settings besides the on/off switch (see debug.hpp). They start from the
// environment, read on first use; a malformed value is reported as `config` and the default kept.
struct config {
  // COROGUARD_STRICT=1: abort after delivering the first report, as asyncio raises.
  bool strict = false;
  // COROGUARD_TRACEBACK=1: capture whole stacks where tasks are created, not one return address.
  bool traceback = false;
  // COROGUARD_SLOW_CALLBACK_MS: a callback running this long is reported (asyncio's
  // slow_callback_duration).
  std::chrono::milliseconds slow_callback_threshold{100};
  // COROGUARD_STALL_MS: an Asio callback still running after this long is reported as a `stall`
  // while it is stuck, by the watchdog thread.
  std::chrono::milliseconds stall_threshold{1000};
};

[[nodiscard]] COROGUARD_API config current_config() noexcept;

// Replaces the settings for the rest of the run, as asyncio's `loop.slow_callback_duration = ...`.
COROGUARD_API void set_config(const config& settings) noexcept;

}  // namespace coroguard
