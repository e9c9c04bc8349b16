// slow-callback and stall for Asio callbacks: the loop thread's side (the end of a callback the
// watchdog watched) and the reports the watchdog builds.
#include <time.h>

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

nanoseconds thread_cpu_time() noexcept {
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) {
    return nanoseconds{-1};
  }
  return std::chrono::seconds{now.tv_sec} + nanoseconds{now.tv_nsec};
}

// Blocked (sleeping, waiting) rather than busy: worth saying when most of the time was not spent
// on the CPU. (A busy callback on a loaded machine gets less CPU than wall time too.)
std::string cpu_remark(nanoseconds wall, nanoseconds cpu) {
  if (cpu.count() < 0 || cpu > wall / 2) {
    return {};
  }
  return "; " + whole_milliseconds(cpu) + " ms of it on CPU, the rest blocked";
}

std::vector<std::string> texts(const std::vector<source_frame>& frames) {
  std::vector<std::string> lines;
  lines.reserve(frames.size());
  for (const source_frame& frame : frames) {
    lines.push_back(frame.text());
  }
  return lines;
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
  record.inside_coroguard.fetch_add(1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  const nanoseconds wall = monotonic_now() - nanoseconds{record.first_seen_ns.load(std::memory_order_relaxed)};
  if (wall >= current_config().slow_callback_threshold) {
    pending_event event;
    event.kind = pending_event::what::slow_callback;
    event.callback_type = operation_type;
    event.wall = wall;
    const nanoseconds cpu_first_seen{record.cpu_first_seen_ns.load(std::memory_order_relaxed)};
    const nanoseconds cpu_now = thread_cpu_time();
    if (cpu_first_seen.count() >= 0 && cpu_now.count() >= 0) {
      event.cpu = std::max(cpu_now - cpu_first_seen, nanoseconds{0});
    }
    // The stack the watchdog sampled while the callback ran, if it could.
    if (record.capture_done.load(std::memory_order_acquire) == sequence) {
      event.stack = record.captured;
    }
    post_to_watchdog(record, event);
  }
  record.inside_coroguard.fetch_sub(1, std::memory_order_relaxed);
}

void report_slow_callback(const pending_event& event) noexcept {
  try {
    const program_stack stack = program_frames(symbolize_stack(event.stack));
    const std::string name = callback_name(event.callback_type, stack);
    const std::string site = "callback '" + name + "'";
    const milliseconds threshold = current_config().slow_callback_threshold;
    publish(report_kind::slow_callback, site_key_of(site), [&] {
      report r;
      r.kind = report_kind::slow_callback;
      r.site = site;
      r.message = site + " took " + whole_milliseconds(event.wall) + " ms (threshold " +
                  std::to_string(threshold.count()) + " ms)" + cpu_remark(event.wall, event.cpu);
      r.frames = texts(frames_to_show(stack, frames_in_report));
      return r;
    });
  } catch (...) {
    // Out of memory while symbolizing: the report is dropped.
  }
}

void report_stall(const loop_thread_record& /*record*/, const char* operation_type,
                  const captured_stack* stack, nanoseconds running) noexcept {
  try {
    const program_stack program =
        stack != nullptr ? program_frames(symbolize_stack(*stack)) : program_stack{};
    const std::string name = callback_name(operation_type, program);
    const std::string site = "callback '" + name + "'";
    const milliseconds threshold = current_config().stall_threshold;
    publish(report_kind::stall, site_key_of(site), [&] {
      report r;
      r.kind = report_kind::stall;
      r.site = site;
      r.message = site + " has been running for " + whole_milliseconds(running) +
                  " ms and has not returned (stall threshold " + std::to_string(threshold.count()) +
                  " ms); nothing else runs on its loop meanwhile — move blocking or long work off "
                  "the loop thread";
      r.frames = texts(frames_to_show(program, frames_in_report));
      return r;
    });
  } catch (...) {
    // Out of memory while symbolizing: the report is dropped.
  }
}

}  // namespace coroguard::detail
