// exception-never-retrieved for coroutines spawned with asio::detached or coroguard::detached.
#include <algorithm>
#include <string>

#include "coroguard/detail/detached_spawn.hpp"
#include "coroguard/report.hpp"
#include "core/exception_text.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"
#include "core/stack_capture.hpp"
#include "core/stack_view.hpp"
#include "core/symbolizer.hpp"
#include "detectors/callback_names.hpp"

namespace coroguard::detail {
namespace {

struct spawned_coroutine {
  std::string name;
  // Its definition, when known.
  std::vector<source_frame> frames;
};

spawned_coroutine describe(const spawn_record& record) {
  if (record.coroutine_body != nullptr) {
    std::vector<source_frame> frames = symbolize(record.coroutine_body, /*exact=*/true);
    if (!frames.empty() && frames.back().function != "??") {
      const source_frame& body = frames.back();
      return {function_display(body), {body}};
    }
  }
  if (record.function_type != nullptr) {
    const std::string named = handler_from_operation(record.function_type);
    if (!named.empty()) {
      return {named, {}};
    }
  }
  return {"coroutine", {}};
}

std::uint64_t record_key(const spawn_record& record) noexcept {
  std::uint64_t key = reinterpret_cast<std::uintptr_t>(record.coroutine_body);
  constexpr std::size_t frames_in_key = 4;
  for (std::size_t i = 0; i < std::min<std::size_t>(record.depth, frames_in_key); ++i) {
    key = mix_site_key(key, reinterpret_cast<std::uintptr_t>(record.stack[i]));
  }
  return key;
}

}  // namespace

void record_spawn_site(spawn_record& record) noexcept {
  captured_stack stack;
  capture_stack(stack, 0);
  record.depth = static_cast<std::uint8_t>(std::min(stack.depth, record.stack.size()));
  std::copy_n(stack.frames.begin(), record.depth, record.stack.begin());
}

void report_dropped_exception(const spawn_record* record, const std::exception_ptr& exception,
                              const char* token) noexcept {
  const std::uint64_t key = record != nullptr ? record_key(*record) : site_key_of(token);
  publish(report_kind::exception_never_retrieved, key, [&] {
    report r;
    r.kind = report_kind::exception_never_retrieved;
    const spawned_coroutine spawned = record != nullptr ? describe(*record) : spawned_coroutine{"coroutine", {}};
    r.message = "coroutine '" + spawned.name + "' spawned with " + token +
                " finished with an exception nobody retrieved: " + describe_exception(exception);
    for (const source_frame& frame : spawned.frames) {
      r.frames.push_back(frame.text());
    }
    if (record != nullptr) {
      captured_stack stack;
      stack.depth = record->depth;
      std::copy_n(record->stack.begin(), record->depth, stack.frames.begin());
      constexpr std::size_t site_frames = 1;
      for (const source_frame& frame :
           frames_to_show(program_frames(symbolize_stack(stack)), site_frames)) {
        r.frames.push_back(frame.text());
      }
    }
    r.site = r.frames.empty() ? "coroutine '" + spawned.name + "'" : r.frames.back();
    return r;
  });
}

}  // namespace coroguard::detail
