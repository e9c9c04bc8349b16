#pragma once

#include <atomic>
#include <cstdint>

#include "coroguard/detail/export.hpp"

namespace coroguard::detail {

// What a thread running Asio handlers in debug mode publishes, for the stall watchdog (another
// thread) and the blocking-call interposer (this thread). The hot path only bumps a sequence
// number and stores a pointer: no clock is read per callback; the watchdog times callbacks by
// watching the sequence.
struct loop_thread {
  // Odd while a callback runs; changes at every callback start and end, so that the watchdog
  // tells callbacks apart. Written only by the thread itself.
  std::atomic<std::uint64_t> callback_sequence{0};
  // __PRETTY_FUNCTION__ of a template over the running operation's type: names the handler
  // without any work at run time. Stored before the sequence turns odd.
  std::atomic<const char*> callback_type{nullptr};
  // The sequence of a callback the watchdog has seen running for half the slow-callback
  // threshold: its end is measured and maybe reported.
  std::atomic<std::uint64_t> watched_sequence{0};
  // The execution context whose handler runs (an asio::execution_context*), and whether it is an
  // io_context: only io_context threads are loops (a thread_pool is where blocking work goes).
  const void* context = nullptr;
  bool runs_loop = false;
  // How many callbacks run inside other callbacks on this thread right now (a strand's
  // handlers, a nested poll()); the outer ones' state waits in the thread's record.
  std::uint32_t nesting = 0;
  // Non-zero while coroguard itself works on this thread: its own system calls are not reported.
  std::atomic<std::uint32_t> inside_coroguard{0};
  // Counts the watchdog's stack-capture signals this thread received: the interposer resumes a
  // sleep or wait that one of them interrupted.
  std::atomic<std::uint32_t> capture_interrupts{0};

  [[nodiscard]] bool in_callback() const noexcept {
    return (callback_sequence.load(std::memory_order_relaxed) & 1U) != 0;
  }
};

// This thread's record; null until the thread first runs a handler in debug mode. Initial-exec
// TLS: read from signal handlers and from the interposer, which must not allocate; constinit, so
// that reading it needs no initialization check.
COROGUARD_API extern constinit thread_local loop_thread* current_loop_thread
    __attribute__((tls_model("initial-exec")));

// Creates this thread's record and starts the watchdog if it is not running yet.
[[nodiscard]] COROGUARD_API loop_thread* register_loop_thread() noexcept;

}  // namespace coroguard::detail
