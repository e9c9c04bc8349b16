#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "coroguard/detail/blocking_call.hpp"
#include "coroguard/detail/loop_thread.hpp"
#include "core/stack_capture.hpp"

namespace coroguard::detail {

// Something a loop thread hands to the watchdog to report, without allocating: the watchdog
// symbolizes and delivers it.
struct pending_event {
  enum class what : std::uint8_t { slow_callback, blocking_call };
  what kind = what::slow_callback;
  // __PRETTY_FUNCTION__ naming the operation the callback ran (see loop_thread::callback_type).
  const char* callback_type = nullptr;
  // slow_callback: how long it ran, and how much of that on a CPU and waiting for one (negative:
  // unknown).
  std::chrono::nanoseconds wall{};
  std::chrono::nanoseconds on_cpu{-1};
  std::chrono::nanoseconds waiting_for_cpu{-1};
  // blocking_call: the function (a string literal) and what it does.
  const char* blocking_function = nullptr;
  blocking_category category = blocking_category::sleep;
  captured_stack stack;
};

// A loop thread's record: the part the hot path touches (loop_thread), then what the watchdog and
// the stack-capture signal exchange with the thread. Records are never freed; a finished thread's
// record is reused.
struct loop_thread_record : loop_thread {
  pthread_t handle{};
  pid_t tid = 0;
  std::thread::id id;
  bool alive = false;

  // Time this thread spent in coroguard's own work (see coroguard_at_work), in total.
  std::atomic<std::int64_t> coroguard_ns{0};

  // Written by the watchdog when it first sees a callback, before it sets watched_sequence.
  std::atomic<std::int64_t> first_seen_ns{0};
  std::atomic<std::int64_t> coroguard_ns_first_seen{0};
  std::atomic<std::int64_t> on_cpu_first_seen_ns{-1};
  std::atomic<std::int64_t> waiting_first_seen_ns{-1};

  // The watchdog asks for this thread's stack with a ticket (see capture_ticket) and the signal
  // handler, on this thread, answers with the same ticket once `captured` holds it. A callback is
  // asked twice (sampled, then stalled): a ticket per request, so that an answer to the first is
  // never taken for the second while the handler is still rewriting `captured`.
  std::atomic<std::uint64_t> capture_requested{0};
  std::atomic<std::uint64_t> capture_done{0};
  captured_stack captured;

  // The callbacks this thread's running callbacks interrupted, innermost last (see
  // loop_thread::nesting); deeper nesting is not tracked.
  struct outer_callback {
    const char* callback_type = nullptr;
    const void* context = nullptr;
    bool runs_loop = false;
  };
  static constexpr std::uint32_t max_nesting = 8;
  std::array<outer_callback, max_nesting> outer_callbacks{};

  // Single producer (this thread), single consumer (the watchdog).
  static constexpr std::uint32_t outbox_size = 64;
  std::array<pending_event, outbox_size> outbox;
  std::atomic<std::uint32_t> outbox_written{0};
  std::atomic<std::uint32_t> outbox_read{0};

  // The watchdog's own bookkeeping (only the watchdog touches it).
  std::uint64_t tracked_sequence = 0;
  std::chrono::nanoseconds tracked_since{};
  bool sampled = false;
  bool stalled = false;
};

// A stack request's ticket: the callback sequence it is for, and which of its two requests.
enum class capture_purpose : std::uint8_t { sample = 0, stall = 1 };
[[nodiscard]] constexpr std::uint64_t capture_ticket(std::uint64_t sequence,
                                                     capture_purpose purpose) noexcept {
  return (sequence << 1U) | static_cast<std::uint64_t>(purpose);
}
[[nodiscard]] constexpr std::uint64_t sequence_of_ticket(std::uint64_t ticket) noexcept {
  return ticket >> 1U;
}

[[nodiscard]] inline loop_thread_record& record_of(loop_thread& thread) noexcept {
  return static_cast<loop_thread_record&>(thread);
}

// Marks coroguard's own work on this thread (building and delivering a report reads files,
// writes to stderr, locks): the interposer does not report it, and the time it takes is not the
// callback's.
class coroguard_at_work {
 public:
  coroguard_at_work() noexcept;
  coroguard_at_work(const coroguard_at_work&) = delete;
  coroguard_at_work& operator=(const coroguard_at_work&) = delete;
  ~coroguard_at_work();

 private:
  loop_thread* thread_;
  std::chrono::nanoseconds started_{};
};

// Queues `event` for the watchdog; false (dropped) when the outbox is full.
bool post_to_watchdog(loop_thread_record& record, const pending_event& event) noexcept;

// Calls `visit(record, context)` for each loop thread's record, finished ones too (their outbox
// may still hold events), with the registry locked: a live thread cannot finish meanwhile, so
// signalling it is safe.
void for_each_loop_thread(void (*visit)(loop_thread_record&, void*), void* context) noexcept;

// Which threads run which execution contexts: a thread counts once it ran one of the context's
// handlers, until it finishes or the context is created anew at the same address.
void note_thread_runs_context(const void* context) noexcept;
[[nodiscard]] std::vector<std::thread::id> threads_running_context(const void* context);
void forget_context_threads(const void* context) noexcept;

// Contexts whose threads are pools (thread_pool, the system executor's), not loops.
void note_pool_context(const void* context) noexcept;
[[nodiscard]] bool is_pool_context(const void* context) noexcept;

// Whether libcoroguard_preload.so is loaded: it resumes the sleeps and waits the watchdog's
// stack-capture signal interrupts, so any thread may be signalled.
[[nodiscard]] bool interposer_loaded() noexcept;

// Starts the watchdog thread (once); defined by the watchdog.
void start_watchdog() noexcept;

}  // namespace coroguard::detail
