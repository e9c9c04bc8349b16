#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "coroguard/debug.hpp"
#include "coroguard/detail/export.hpp"

namespace coroguard {

// Wrapped by an executor around running one callback or coroutine resumption; in debug mode a
// callback that runs for at least the slow-callback threshold (COROGUARD_SLOW_CALLBACK_MS) is
// reported as `slow-callback`, as asyncio does in debug mode.
//
//   { coroguard::callback_scope scope{"on_read"}; callback(); }
//
// `name` must outlive the scope.
class callback_scope {
 public:
  explicit callback_scope(std::string_view name) noexcept : name_(name) {
    if (debug_enabled()) [[unlikely]] {
      started_ = now();
    }
  }
  callback_scope(const callback_scope&) = delete;
  callback_scope& operator=(const callback_scope&) = delete;
  ~callback_scope() {
    if (started_) [[unlikely]] {
      report_if_slow(name_, *started_);
    }
  }

 private:
  COROGUARD_API static std::chrono::nanoseconds now() noexcept;
  COROGUARD_API static void report_if_slow(std::string_view name,
                                           std::chrono::nanoseconds started) noexcept;

  std::string_view name_;
  std::optional<std::chrono::nanoseconds> started_;
};

}  // namespace coroguard
