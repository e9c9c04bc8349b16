#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "coroguard/promise_tracking.hpp"
#include "coroguard/report.hpp"
#include "core/exception_text.hpp"
#include "core/names.hpp"
#include "core/reporting.hpp"
#include "detectors/report_site.hpp"

namespace coroguard {
namespace {

// What went wrong with a tracked task, judged when its promise is destroyed.
std::optional<report_kind> problem_of(bool started, bool finished, bool unretrieved_exception) {
  if (!started) {
    return report_kind::never_awaited;
  }
  if (!finished) {
    return report_kind::destroyed_pending;
  }
  if (unretrieved_exception) {
    return report_kind::exception_never_retrieved;
  }
  return std::nullopt;
}

std::string message_for(report_kind problem, std::string_view function,
                        const std::exception_ptr& exception) {
  const std::string task = "task '" + std::string{function} + "'";
  switch (problem) {
    case report_kind::never_awaited:
      return task + " was destroyed without being awaited; it never ran — co_await it";
    case report_kind::destroyed_pending:
      return task +
             " was destroyed while suspended; it started but never finished — keep it alive "
             "until it completes";
    default:
      return task + " finished with an exception nobody retrieved: " + detail::describe_exception(exception);
  }
}

}  // namespace

void promise_tracking::start_tracking(std::source_location coroutine,
                                      const void* caller) noexcept {
  ::new (&record_) tracking_record{
      .coroutine = coroutine,
      .created_at = detail::call_site::capture(__builtin_return_address(0), caller),
  };
  progress_ = tracked;
}

void promise_tracking::finish_tracking() noexcept {
  const std::optional<report_kind> problem = problem_of(
      (progress_ & started) != 0, (progress_ & finished) != 0,
      exception_ != nullptr && (progress_ & exception_retrieved) == 0);
  if (problem) {
    const report_kind kind = *problem;
    const std::string_view function =
        detail::function_display_name(record_.coroutine.function_name());
    detail::publish(kind, record_.created_at.key(), [&] {
      report r;
      r.kind = kind;
      r.message = message_for(kind, function, exception_);
      r.frames = record_.created_at.frames();
      if (r.frames.empty()) {
        // No symbols at all: the coroutine's own definition still says where to look.
        r.frames.push_back(std::string{function} + " (" +
                           std::string{detail::base_name(record_.coroutine.file_name())} + ":" +
                           std::to_string(record_.coroutine.line()) + ")");
      }
      r.site = detail::site_from_frames(r.frames);
      return r;
    });
  }
  record_.~tracking_record();
}

}  // namespace coroguard
