#include "coroguard/detail/testing.hpp"

#include "coroguard/debug.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/reporting.hpp"
#include "core/sink.hpp"
#include "core/thread_numbers.hpp"

namespace coroguard::detail::testing {

void reset() noexcept {
  reset_sink_for_tests();
  reset_rate_limiter_for_tests();
  reset_thread_numbers_for_tests();
  reset_clock_for_tests();
  forget_environment_for_tests();
  debug_flag.store(debug_state::unresolved, std::memory_order_relaxed);
}

void advance_clock(std::chrono::nanoseconds by) noexcept { advance_clock_for_tests(by); }

void flush_suppressed() noexcept { detail::flush_suppressed(); }

}  // namespace coroguard::detail::testing
