// slow-callback: callback_scope timing one callback against COROGUARD_SLOW_CALLBACK_MS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "coroguard/callback_scope.hpp"
#include "coroguard/config.hpp"
#include "coroguard/debug.hpp"
#include "coroguard/detail/testing.hpp"
#include "runtime_test.hpp"

using namespace std::chrono_literals;
using coroguard::callback_scope;
using coroguard::detail::testing::advance_clock;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

using callback_scope_test = coroguard::test::runtime_test;

TEST_F(callback_scope_test, reports_a_callback_over_the_threshold) {
  coroguard::set_debug(true);
  {
    const callback_scope scope{"on_read"};
    advance_clock(153ms);
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].kind, coroguard::report_kind::slow_callback);
  EXPECT_EQ(reports_[0].message, "callback 'on_read' took 153 ms (threshold 100 ms)");
  EXPECT_EQ(reports_[0].site, "callback 'on_read'");
  EXPECT_THAT(reports_[0].frames, SizeIs(0));
  EXPECT_EQ(printed()[0],
            "coroguard: slow-callback: callback 'on_read' took 153 ms (threshold 100 ms)\n");
}

TEST_F(callback_scope_test, the_threshold_itself_counts_as_slow) {
  coroguard::set_debug(true);
  {
    const callback_scope scope{"at_threshold"};
    advance_clock(100ms);
  }
  {
    const callback_scope scope{"under"};
    advance_clock(95ms);
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].message, "callback 'at_threshold' took 100 ms (threshold 100 ms)");
}

TEST_F(callback_scope_test, threshold_comes_from_the_environment) {
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "20");
  coroguard::set_debug(true);
  {
    const callback_scope scope{"on_write"};
    std::this_thread::sleep_for(25ms);
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_THAT(reports_[0].message,
              MatchesRegex("callback 'on_write' took [0-9]+ ms \\(threshold 20 ms\\)"));
}

TEST_F(callback_scope_test, threshold_can_be_set_in_code) {
  coroguard::set_debug(true);
  coroguard::set_config({.strict = false, .traceback = false, .slow_callback_threshold = 5ms});
  {
    const callback_scope scope{"on_timer"};
    advance_clock(7ms);
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].message, "callback 'on_timer' took 7 ms (threshold 5 ms)");
}

TEST_F(callback_scope_test, debug_mode_off_reports_nothing) {
  coroguard::set_debug(false);
  {
    const callback_scope scope{"on_read"};
    advance_clock(1s);
  }
  EXPECT_THAT(reports_, SizeIs(0));
}
