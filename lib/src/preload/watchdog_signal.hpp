#pragma once

#include <cerrno>
#include <cstdint>

#include "coroguard/detail/loop_thread.hpp"

namespace coroguard::preload {

// Whether the watchdog's stack-capture signal interrupted this thread since construction: a sleep
// or wait that returned EINTR because of it resumes, so that capturing a stack changes nothing
// for the program.
class watchdog_signal_guard {
 public:
  watchdog_signal_guard() noexcept
      : thread_(detail::current_loop_thread),
        interrupts_(thread_ != nullptr ? thread_->capture_interrupts.load(std::memory_order_relaxed)
                                       : 0) {}

  // Call after a call failed with EINTR (`error`); true (and re-armed) when it was the watchdog.
  [[nodiscard]] bool interrupted_by_watchdog(int error) noexcept {
    if (thread_ == nullptr || error != EINTR) {
      return false;
    }
    const std::uint32_t now = thread_->capture_interrupts.load(std::memory_order_relaxed);
    if (now == interrupts_) {
      return false;
    }
    interrupts_ = now;
    return true;
  }

 private:
  detail::loop_thread* thread_;
  std::uint32_t interrupts_;
};

}  // namespace coroguard::preload
