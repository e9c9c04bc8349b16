// slow-callback and stall for Asio callbacks: the loop thread's side (the end of a callback the
// watchdog watched) and the reports the watchdog builds.
#include <chrono>
#include <string>

#include "coroguard/config.hpp"
#include "coroguard/detail/asio_hooks.hpp"
#include "coroguard/report.hpp"
#include "core/clock.hpp"
#include "core/loop_threads.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"
#include "core/stack_view.hpp"
#include "core/thread_times.hpp"
#include "detectors/callback_names.hpp"
#include "detectors/watchdog_reports.hpp"

namespace coroguard::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr std::size_t frames_in_report = 16;

std::string whole_milliseconds(nanoseconds duration) {
  return std::to_string(std::chrono::duration_cast<milliseconds>(duration).count());
}

// Where the time went, when most of it was not spent on a CPU: blocked (sleeping, waiting for
// I/O or a lock), or runnable but waiting for a CPU (the machine is overloaded; the callback may
// be busy after all).
std::string time_remark(const pending_event& event) {
  const nanoseconds wall = event.wall;
  const nanoseconds cpu = event.on_cpu;
  if (cpu.count() < 0 || cpu > wall / 2) {
    return {};
  }
  const std::string on_cpu = "; " + whole_milliseconds(cpu) + " ms of it on CPU, the rest ";
  if (event.waiting_for_cpu.count() >= 0 && event.waiting_for_cpu > (wall - cpu) / 2) {
    return on_cpu + "waiting for a CPU (the machine is overloaded)";
  }
  return on_cpu + "blocked";
}

std::vector<std::string> texts(const std::vector<source_frame>& frames) {
  std::vector<std::string> lines;
  lines.reserve(frames.size());
  for (const source_frame& frame : frames) {
    lines.push_back(frame.text());
  }
  return lines;
}

// Publishes a report about one Asio callback, named (and de-duplicated) by what it ran, with the
// program's frames of its stack; `describe` says the rest of the message.
template <class Describe>
void publish_about_callback(report_kind kind, const char* operation_type,
                            const captured_stack* stack, Describe&& describe) noexcept {
  try {
    const program_stack program =
        stack != nullptr ? program_frames(symbolize_stack(*stack)) : program_stack{};
    const std::string site = "callback '" + callback_name(operation_type, program) + "'";
    publish(kind, site_key_of(site), [&] {
      report r;
      r.kind = kind;
      r.site = site;
      r.message = site + describe();
      r.frames = texts(frames_to_show(program, frames_in_report));
      return r;
    });
  } catch (...) {
    // Out of memory while symbolizing: the report is dropped.
  }
}

}  // namespace

std::uint64_t begin_nested_callback(loop_thread& thread) noexcept {
  loop_thread_record& record = record_of(thread);
  if (thread.nesting < record.max_nesting) {
    record.outer_callbacks[thread.nesting] = {
        .callback_type = thread.callback_type.load(std::memory_order_relaxed),
        .context = thread.context,
        .runs_loop = thread.runs_loop,
    };
  }
  ++thread.nesting;
  // Odd while the outer callback runs: the inner one counts on from the next even number.
  return thread.callback_sequence.load(std::memory_order_relaxed) + 1;
}

void end_nested_callback(loop_thread& thread, std::uint64_t sequence) noexcept {
  loop_thread_record& record = record_of(thread);
  --thread.nesting;
  if (thread.nesting < record.max_nesting) {
    const loop_thread_record::outer_callback& outer = record.outer_callbacks[thread.nesting];
    thread.callback_type.store(outer.callback_type, std::memory_order_relaxed);
    thread.context = outer.context;
    thread.runs_loop = outer.runs_loop;
  }
  // The outer callback resumes under a sequence of its own.
  thread.callback_sequence.store(sequence + 2, std::memory_order_release);
}

void finish_watched_callback(loop_thread& thread, std::uint64_t sequence,
                             const char* operation_type) noexcept {
  loop_thread_record& record = record_of(thread);
  const coroguard_at_work at_work;
  std::atomic_thread_fence(std::memory_order_acquire);
  // Without the time coroguard itself spent on the thread meanwhile (reports it built).
  const nanoseconds wall =
      monotonic_now() - nanoseconds{record.first_seen_ns.load(std::memory_order_relaxed)} -
      nanoseconds{record.coroguard_ns.load(std::memory_order_relaxed) -
                  record.coroguard_ns_first_seen.load(std::memory_order_relaxed)};
  if (wall >= current_config().slow_callback_threshold) {
    pending_event event;
    event.kind = pending_event::what::slow_callback;
    event.callback_type = operation_type;
    event.wall = wall;
    const nanoseconds on_cpu_first_seen{record.on_cpu_first_seen_ns.load(std::memory_order_relaxed)};
    const nanoseconds waiting_first_seen{
        record.waiting_first_seen_ns.load(std::memory_order_relaxed)};
    const thread_times now = times_of_thread(0);
    if (on_cpu_first_seen.count() >= 0 && now.on_cpu.count() >= 0) {
      event.on_cpu = std::max(now.on_cpu - on_cpu_first_seen, nanoseconds{0});
      event.waiting_for_cpu = std::max(now.waiting_for_cpu - waiting_first_seen, nanoseconds{0});
    }
    // The stack the watchdog sampled while the callback ran, if it could.
    if (sequence_of_ticket(record.capture_done.load(std::memory_order_acquire)) == sequence) {
      event.stack = record.captured;
    }
    post_to_watchdog(record, event);
  }
}

void report_slow_callback(const pending_event& event) noexcept {
  const milliseconds threshold = current_config().slow_callback_threshold;
  publish_about_callback(report_kind::slow_callback, event.callback_type, &event.stack, [&] {
    return " took " + whole_milliseconds(event.wall) + " ms (threshold " +
           std::to_string(threshold.count()) + " ms)" + time_remark(event);
  });
}

void report_stall(const char* operation_type, const captured_stack* stack,
                  nanoseconds running) noexcept {
  const milliseconds threshold = current_config().stall_threshold;
  publish_about_callback(report_kind::stall, operation_type, stack, [&] {
    return " has been running for " + whole_milliseconds(running) +
           " ms and has not returned (stall threshold " + std::to_string(threshold.count()) +
           " ms); nothing else runs on its loop meanwhile — move blocking or long work off the "
           "loop thread";
  });
}

}  // namespace coroguard::detail
