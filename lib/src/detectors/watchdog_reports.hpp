#pragma once

#include <chrono>

#include "core/loop_threads.hpp"
#include "core/stack_capture.hpp"

// Reports the watchdog thread builds and delivers (it symbolizes; loop threads never wait for it).
namespace coroguard::detail {

// A callback (of the operation `operation_type` names) has been running for `running` and is
// still running; `stack` is its thread's stack right now, or null when it could not be captured.
void report_stall(const char* operation_type, const captured_stack* stack,
                  std::chrono::nanoseconds running) noexcept;

// An event a loop thread posted: a slow callback that finished, or a blocking call.
void report_slow_callback(const pending_event& event) noexcept;
void report_blocking_call(const pending_event& event) noexcept;

}  // namespace coroguard::detail
