#include "coroguard/config.hpp"

#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/blocking_allowlist.hpp"
#include "core/environment.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"

namespace coroguard {
namespace {

// The settings live in separate atomics so that readers on any thread never lock.
constinit std::atomic<bool> environment_read{false};
constinit std::atomic<bool> debug_from_environment{false};
constexpr config defaults;
constexpr std::int64_t default_slow_callback_ms = defaults.slow_callback_threshold.count();
constinit std::atomic<bool> strict_setting{defaults.strict};
constinit std::atomic<bool> traceback_setting{defaults.traceback};
constinit std::atomic<std::int64_t> slow_callback_threshold_ms{default_slow_callback_ms};
constexpr std::int64_t default_stall_ms = defaults.stall_threshold.count();
constinit std::atomic<std::int64_t> stall_threshold_ms{default_stall_ms};
constinit std::mutex environment_mutex;

struct config_problem {
  std::string_view variable;
  std::string message;
};

// An unset or empty variable keeps the default, so `COROGUARD_STRICT= ./app` works as expected.
const char* value_of(const char* variable) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

bool read_switch(const char* variable, bool fallback, std::vector<config_problem>& problems) {
  const char* value = value_of(variable);
  if (value == nullptr) {
    return fallback;
  }
  const std::string_view text{value};
  if (text == "0" || text == "1") {
    return text == "1";
  }
  problems.push_back({variable, std::string{variable} + "='" + value + "' is not 0 or 1; using " +
                                    (fallback ? "1" : "0")});
  return fallback;
}

std::int64_t read_milliseconds(const char* variable, std::int64_t fallback,
                               std::vector<config_problem>& problems) {
  const char* value = value_of(variable);
  if (value == nullptr) {
    return fallback;
  }
  const std::string_view text{value};
  std::uint32_t parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  const std::string prefix = std::string{variable} + "='" + value + "' ";
  const std::string suffix = "; using " + std::to_string(fallback);
  if (error == std::errc::result_out_of_range) {
    problems.push_back(
        {variable, prefix + "is too large (at most " +
                       std::to_string(std::numeric_limits<std::uint32_t>::max()) + ")" + suffix});
    return fallback;
  }
  if (error != std::errc{} || end != text.data() + text.size()) {
    problems.push_back({variable, prefix + "is not a non-negative integer" + suffix});
    return fallback;
  }
  return parsed;
}

// "name;name;file.cpp:12": function names (qualified or not) and file:line sites.
std::vector<std::string> read_allowlist(const char* variable,
                                        std::vector<config_problem>& problems) {
  const char* value = value_of(variable);
  if (value == nullptr) {
    return {};
  }
  std::vector<std::string> entries;
  std::string_view rest{value};
  while (true) {
    const std::size_t end = rest.find(';');
    const std::string_view entry = rest.substr(0, end);
    if (const char* problem = detail::allowlist_entry_problem(entry)) {
      problems.push_back({variable, std::string{variable} + "='" + value + "' has " + problem +
                                        (entry.empty() ? "" : " '" + std::string{entry} + "'") +
                                        " (expected function names or file:line sites separated "
                                        "by ';'); using none"});
      return {};
    }
    entries.emplace_back(entry);
    if (end == std::string_view::npos) {
      return entries;
    }
    rest.remove_prefix(end + 1);
  }
}

void report_problems(const std::vector<config_problem>& problems) noexcept {
  for (const config_problem& problem : problems) {
    detail::publish(report_kind::config, detail::site_key_of(problem.variable), [&] {
      report r;
      r.kind = report_kind::config;
      r.message = problem.message;
      r.site = problem.variable;
      return r;
    });
  }
}

}  // namespace

namespace detail {

bool read_environment_once() noexcept {
  if (environment_read.load(std::memory_order_acquire)) {
    return debug_from_environment.load(std::memory_order_relaxed);
  }
  std::vector<config_problem> problems;
  bool debug = false;
  {
    const std::lock_guard lock{environment_mutex};
    if (environment_read.load(std::memory_order_relaxed)) {
      return debug_from_environment.load(std::memory_order_relaxed);
    }
    try {
      debug = read_switch("COROGUARD_DEBUG", false, problems);
      strict_setting.store(read_switch("COROGUARD_STRICT", defaults.strict, problems),
                           std::memory_order_relaxed);
      traceback_setting.store(read_switch("COROGUARD_TRACEBACK", defaults.traceback, problems),
                              std::memory_order_relaxed);
      slow_callback_threshold_ms.store(
          read_milliseconds("COROGUARD_SLOW_CALLBACK_MS", default_slow_callback_ms, problems),
          std::memory_order_relaxed);
      stall_threshold_ms.store(read_milliseconds("COROGUARD_STALL_MS", default_stall_ms, problems),
                               std::memory_order_relaxed);
      detail::set_blocking_allowlist(read_allowlist("COROGUARD_ALLOW_BLOCKING", problems));
    } catch (...) {
      // Out of memory while describing a bad value: the settings read so far stand.
    }
    debug_from_environment.store(debug, std::memory_order_relaxed);
    environment_read.store(true, std::memory_order_release);
  }
  // Published outside the lock: reporting reads the settings (strict mode) itself.
  report_problems(problems);
  return debug;
}

void forget_environment_for_tests() noexcept {
  const std::lock_guard lock{environment_mutex};
  strict_setting.store(defaults.strict, std::memory_order_relaxed);
  traceback_setting.store(defaults.traceback, std::memory_order_relaxed);
  slow_callback_threshold_ms.store(default_slow_callback_ms, std::memory_order_relaxed);
  stall_threshold_ms.store(default_stall_ms, std::memory_order_relaxed);
  detail::set_blocking_allowlist({});
  debug_from_environment.store(false, std::memory_order_relaxed);
  environment_read.store(false, std::memory_order_release);
}

}  // namespace detail

config current_config() noexcept {
  detail::read_environment_once();
  return config{
      .strict = strict_setting.load(std::memory_order_relaxed),
      .traceback = traceback_setting.load(std::memory_order_relaxed),
      .slow_callback_threshold =
          std::chrono::milliseconds{slow_callback_threshold_ms.load(std::memory_order_relaxed)},
      .stall_threshold =
          std::chrono::milliseconds{stall_threshold_ms.load(std::memory_order_relaxed)},
  };
}

void set_config(const config& settings) noexcept {
  // Read the environment first, so that it cannot override these settings later.
  detail::read_environment_once();
  strict_setting.store(settings.strict, std::memory_order_relaxed);
  traceback_setting.store(settings.traceback, std::memory_order_relaxed);
  slow_callback_threshold_ms.store(settings.slow_callback_threshold.count(),
                                   std::memory_order_relaxed);
  stall_threshold_ms.store(settings.stall_threshold.count(), std::memory_order_relaxed);
}

}  // namespace coroguard
