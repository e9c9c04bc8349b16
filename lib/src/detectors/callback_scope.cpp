#include "coroguard/callback_scope.hpp"

#include <string>

#include "coroguard/config.hpp"
#include "core/clock.hpp"
#include "core/reporting.hpp"
#include "core/site_key.hpp"

namespace coroguard {

std::chrono::nanoseconds callback_scope::now() noexcept { return detail::monotonic_now(); }

void callback_scope::report_if_slow(std::string_view name,
                                    std::chrono::nanoseconds started) noexcept {
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(detail::monotonic_now() - started);
  const std::chrono::milliseconds threshold = current_config().slow_callback_threshold;
  // At or over the threshold, as asyncio compares.
  if (took < threshold) {
    return;
  }
  detail::publish(report_kind::slow_callback, detail::site_key_of(name), [&] {
    report r;
    r.kind = report_kind::slow_callback;
    r.site = "callback '" + std::string{name} + "'";
    r.message = r.site + " took " + std::to_string(took.count()) + " ms (threshold " +
                std::to_string(threshold.count()) + " ms)";
    return r;
  });
}

}  // namespace coroguard
