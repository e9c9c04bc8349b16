#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "coroguard/detail/export.hpp"

namespace coroguard {

enum class report_kind : std::uint8_t {
  slow_callback,
  stall,
  never_awaited,
  exception_never_retrieved,
  destroyed_pending,
  wrong_thread,
  blocking_call,
  config,
};

// The kind as it appears in report text: "slow-callback", "never-awaited", ...
[[nodiscard]] COROGUARD_API std::string_view to_string(report_kind kind) noexcept;

struct report {
  report_kind kind = report_kind::config;
  std::string message;
  // What reports are de-duplicated by, readable: a source location, "callback 'on_read'", a
  // variable name.
  std::string site;
  // Innermost first, each "function (file:line)"; empty when the site says it all.
  std::vector<std::string> frames;
  // Non-zero only in a summary: the rate limiter held back this many reports of (kind, site)
  // since the last one it let through. Its message is "suppressed N more at <site>".
  std::uint64_t suppressed = 0;
};

// Receives every report the rate limiter lets through, one call at a time (calls are serialized).
// A report raised while a sink runs goes to stderr instead of back into the sink.
using report_sink = std::function<void(const report&)>;

// Installs `sink` (an empty one restores the stderr sink) and returns the previous one (empty if
// that was the stderr sink). The sink must stay callable until exit: suppressed-report summaries
// are delivered from an atexit handler.
COROGUARD_API report_sink set_report_sink(report_sink sink);

// "coroguard: <kind>: <message>\n" followed by "    at <frame>\n" per frame.
[[nodiscard]] COROGUARD_API std::string format_report(const report& r);

// The default sink: format_report() written to stderr with a single write().
COROGUARD_API void write_report_to_stderr(const report& r) noexcept;

}  // namespace coroguard
