#pragma once

#include <cstdint>

#include "coroguard/debug.hpp"
#include "coroguard/detail/export.hpp"
#include "coroguard/detail/loop_thread.hpp"

// The blocking-call detector's interface to libcoroguard_preload.so, which wraps the C library's
// blocking functions.
namespace coroguard::detail {

// What a blocking function does; it decides the advice in the report.
enum class blocking_category : std::uint8_t {
  sleep,
  file_io,
  disk_sync,
  thread_join,
  condition_wait,
  mutex_wait,
  process_wait,
  name_lookup,
  socket_io,
  descriptor_wait,
};

// The thread's record when a blocking call made now is to be reported: debug mode is on and the
// thread is a loop's, running a callback, and coroguard itself is not at work on it. Cheap: a TLS
// read and a few loads, so that every wrapped call can ask.
[[nodiscard]] inline loop_thread* loop_thread_watching_blocking_calls() noexcept {
  loop_thread* thread = current_loop_thread;
  if (thread == nullptr || !thread->runs_loop || !thread->in_callback() ||
      thread->inside_coroguard.load(std::memory_order_relaxed) != 0 ||
      debug_flag.load(std::memory_order_relaxed) != debug_state::on) {
    return nullptr;
  }
  return thread;
}

// Records the call (and the calling thread's stack) for the watchdog to report; allocates nothing
// and calls nothing the interposer wraps. `function` must be a string literal.
COROGUARD_API void note_blocking_call(loop_thread& thread, const char* function,
                                      blocking_category category) noexcept;

}  // namespace coroguard::detail
