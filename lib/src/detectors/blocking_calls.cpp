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

// Sites the watchdog found not worth reporting (allowed, or Asio's own short locks); only the
// watchdog thread touches it. Never freed: the watchdog runs until the process ends.
std::unordered_set<std::uint64_t>* ignored_sites = nullptr;

std::uint64_t site_key(const pending_event& event) noexcept {
  std::uint64_t key = site_key_of(event.blocking_function);
  constexpr std::size_t frames_in_key = 6;
  for (std::size_t i = 0; i < std::min(event.stack.depth, frames_in_key); ++i) {
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

}  // namespace

void note_blocking_call(loop_thread& thread, const char* function,
                        blocking_category category) noexcept {
  loop_thread_record& record = record_of(thread);
  record.inside_coroguard.fetch_add(1, std::memory_order_relaxed);
  pending_event event;
  event.kind = pending_event::what::blocking_call;
  event.callback_type = thread.callback_type.load(std::memory_order_relaxed);
  event.blocking_function = function;
  event.category = category;
  capture_stack(event.stack, 1);
  post_to_watchdog(record, event);
  record.inside_coroguard.fetch_sub(1, std::memory_order_relaxed);
}

void report_blocking_call(const pending_event& event) noexcept {
  const std::uint64_t key = site_key(event);
  try {
    if (ignored_sites == nullptr) {
      ignored_sites = new std::unordered_set<std::uint64_t>;
    }
    if (ignored_sites->contains(key)) {
      return;
    }
  } catch (...) {
    // Out of memory: the call goes on to be judged afresh.
  }
  publish(report_kind::blocking_call, key, [&]() -> std::optional<report> {
    const std::vector<source_frame> all = symbolize_stack(event.stack);
    if (inside_asio_machinery(event, all) || blocking_allowed(event.blocking_function, all)) {
      if (ignored_sites != nullptr) {
        ignored_sites->insert(key);
      }
      return std::nullopt;
    }
    const program_stack program = program_frames(all);
    const std::string name = callback_name(event.callback_type, program);
    const category_text text = text_of(event.category);
    constexpr std::size_t frames_in_report = 16;
    report r;
    r.kind = report_kind::blocking_call;
    r.message = "'" + std::string{event.blocking_function} + "' blocks the thread running callback '" +
                name + "' (" + std::string{text.what} +
                "); every other callback on its loop waits — " + std::string{text.fix};
    for (const source_frame& frame : frames_to_show(program, frames_in_report)) {
      r.frames.push_back(frame.text());
    }
    r.site = "'" + std::string{event.blocking_function} + "' at " +
             (r.frames.empty() ? "callback '" + name + "'" : r.frames.front());
    return r;
  });
}

}  // namespace coroguard::detail
