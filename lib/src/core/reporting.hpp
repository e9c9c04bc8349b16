#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "coroguard/report.hpp"
#include "core/loop_threads.hpp"

namespace coroguard::detail {

// The rate limiter's verdict on one occurrence of a (kind, site).
struct admission {
  bool admitted = false;
  // Reports of this site the limiter held back since the last one it let through; a summary of
  // them goes out first.
  std::uint64_t suppressed = 0;
  std::size_t slot = 0;
};

admission admit(report_kind kind, std::uint64_t site_key) noexcept;

// Delivers an admitted report (after the summary it is owed), then aborts in strict mode.
void deliver_admitted(const admission& verdict, report&& built) noexcept;

// The one way detectors report: `build` (which symbolizes, formats, allocates) runs only for an
// occurrence the rate limiter lets through. It returns the report, or an empty optional when what
// it learnt while building says there is nothing to report after all.
template <class BuildReport>
void publish(report_kind kind, std::uint64_t site_key, BuildReport&& build) noexcept {
  const coroguard_at_work at_work;
  const admission verdict = admit(kind, site_key);
  if (!verdict.admitted) {
    return;
  }
  try {
    if constexpr (std::is_same_v<std::decay_t<decltype(build())>, report>) {
      deliver_admitted(verdict, build());
    } else if (auto built = build()) {
      deliver_admitted(verdict, std::move(*built));
    }
  } catch (...) {
    // Out of memory while building the report: it is dropped rather than thrown into a
    // destructor.
  }
}

// Delivers "suppressed N more at <site>" for every site holding back reports; runs at exit.
void flush_suppressed() noexcept;

// Has `hook` run at exit before the summaries (one hook: the watchdog delivering what loop threads
// posted last).
void run_before_exit_summaries(void (*hook)() noexcept) noexcept;

void reset_rate_limiter_for_tests() noexcept;

}  // namespace coroguard::detail
