// blocking-call: the C library's blocking functions called while a loop thread runs a callback.
// libcoroguard_preload.so wraps them and notes each call here, on the calling thread, without
// allocating; the watchdog symbolizes and reports.
#include <algorithm>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "coroguard/detail/blocking_call.hpp"
#include "coroguard/report.hpp"
#include "core/blocking_allowlist.hpp"
#include "core/loop_threads.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"
#include "core/stack_capture.hpp"
#include "core/stack_view.hpp"
#include "detectors/callback_names.hpp"
#include "detectors/watchdog_reports.hpp"

namespace coroguard::detail {
namespace {

struct category_text {
  std::string_view what;
  std::string_view fix;
};

constexpr std::string_view run_on_pool =
    "run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))";

category_text text_of(blocking_category category) noexcept {
  switch (category) {
    case blocking_category::sleep:
      return {"a sleep", "use a timer: co_await timer.async_wait(asio::use_awaitable)"};
    case blocking_category::file_io:
      return {"file I/O", run_on_pool};
    case blocking_category::disk_sync:
      return {"a flush to disk", run_on_pool};
    case blocking_category::thread_join:
      return {"waiting for a thread to finish", run_on_pool};
    case blocking_category::condition_wait:
      return {"waiting on a condition variable", run_on_pool};
    case blocking_category::mutex_wait:
      return {"waiting for a mutex another thread holds",
              "keep the other thread's critical section short, or serialize with a strand "
              "instead of a mutex"};
    case blocking_category::process_wait:
      return {"waiting for a child process", run_on_pool};
    case blocking_category::name_lookup:
      return {"a DNS lookup", "use resolver.async_resolve(...)"};
    case blocking_category::socket_io:
      return {"I/O on a socket in blocking mode", "use the socket's async_* operations"};
    case blocking_category::descriptor_wait:
      return {"waiting on file descriptors", run_on_pool};
  }
  return {"a blocking call", run_on_pool};
}

// What the watchdog learnt about each stack it saw (by its raw return addresses): the site it
// reports it as, by what the report shows (calls through different library paths from one line
// are one site), or 0 for a call not to report (allowed, or Asio's own short locks). Only the
// watchdog thread touches it; never freed, the watchdog runs until the process ends.
std::unordered_map<std::uint64_t, std::uint64_t>* known_stacks = nullptr;

std::uint64_t raw_key(const pending_event& event) noexcept {
  std::uint64_t key = site_key_of(event.blocking_function);
  for (std::size_t i = 0; i < event.stack.depth; ++i) {
    key = mix_site_key(key, reinterpret_cast<std::uintptr_t>(event.stack.frames[i]));
  }
  return key;
}

// Asio's scheduler and strands lock and wait internally, briefly: not the program's blocking.
bool inside_asio_machinery(const pending_event& event, const std::vector<source_frame>& all) {
  if (event.category != blocking_category::mutex_wait &&
      event.category != blocking_category::condition_wait) {
    return false;
  }
  const auto caller = std::find_if(all.begin(), all.end(),
                                   [](const source_frame& frame) { return !is_runtime_frame(frame); });
  return caller != all.end() && !caller->file.empty() && is_library_header(caller->file) &&
         !is_standard_library_frame(*caller);
}

struct blocking_report_parts {
  std::string name;
  std::vector<std::string> frames;
};

blocking_report_parts parts_of(const pending_event& event, const std::vector<source_frame>& all) {
  const program_stack program = program_frames(all);
  constexpr std::size_t frames_in_report = 16;
  blocking_report_parts parts{callback_name(event.callback_type, program), {}};
  for (const source_frame& frame : frames_to_show(program, frames_in_report)) {
    parts.frames.push_back(frame.text());
  }
  return parts;
}

std::uint64_t display_key(const pending_event& event, const blocking_report_parts& parts) {
  std::uint64_t key = site_key_of(event.blocking_function);
  for (const std::string& frame : parts.frames) {
    key = mix_site_key(key, site_key_of(frame));
  }
  // 0 means "not reported".
  return key != 0 ? key : 1;
}

}  // namespace

void note_blocking_call(loop_thread& thread, const char* function,
                        blocking_category category) noexcept {
  loop_thread_record& record = record_of(thread);
  const coroguard_at_work at_work;
  pending_event event;
  event.kind = pending_event::what::blocking_call;
  event.callback_type = thread.callback_type.load(std::memory_order_relaxed);
  event.blocking_function = function;
  event.category = category;
  capture_stack(event.stack, 1);
  post_to_watchdog(record, event);
}

void report_blocking_call(const pending_event& event) noexcept {
  try {
    if (known_stacks == nullptr) {
      known_stacks = new std::unordered_map<std::uint64_t, std::uint64_t>;
    }
    const std::uint64_t raw = raw_key(event);
    std::optional<blocking_report_parts> parts;
    auto known = known_stacks->find(raw);
    if (known == known_stacks->end()) {
      const std::vector<source_frame> all = symbolize_stack(event.stack);
      const bool reported =
          !inside_asio_machinery(event, all) && !blocking_allowed(event.blocking_function, all);
      parts = parts_of(event, all);
      known = known_stacks->emplace(raw, reported ? display_key(event, *parts) : 0).first;
    }
    if (known->second == 0) {
      return;
    }
    publish(report_kind::blocking_call, known->second, [&] {
      if (!parts) {
        parts = parts_of(event, symbolize_stack(event.stack));
      }
      const category_text text = text_of(event.category);
      report r;
      r.kind = report_kind::blocking_call;
      r.message = "'" + std::string{event.blocking_function} +
                  "' blocks the thread running callback '" + parts->name + "' (" +
                  std::string{text.what} + "); every other callback on its loop waits — " +
                  std::string{text.fix};
      r.frames = parts->frames;
      r.site = "'" + std::string{event.blocking_function} + "' at " +
               (r.frames.empty() ? "callback '" + parts->name + "'" : r.frames.front());
      return r;
    });
  } catch (...) {
    // Out of memory while symbolizing: the call goes unreported.
  }
}

}  // namespace coroguard::detail
