// Rate limiting and de-duplication by (kind, site), and the "suppressed N more" summaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "coroguard/callback_scope.hpp"
#include "coroguard/debug.hpp"
#include "coroguard/detail/testing.hpp"
#include "coroguard/task.hpp"
#include "runtime_test.hpp"

using namespace std::chrono_literals;
using coroguard::detail::testing::advance_clock;
using coroguard::detail::testing::flush_suppressed;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// Out of line, and so is its caller: every task comes from the same site, whoever calls.
[[gnu::noinline]] static coroguard::task<int> forgotten(int id) { co_return id; }

[[gnu::noinline]] static void forget_tasks(int count) {
  for (int i = 0; i < count; ++i) {
    // NOLINTNEXTLINE(coroguard-forgotten-await): never awaited on purpose
    const coroguard::task<int> unused = forgotten(i);
  }
}

static void slow_callback(const char* name) {
  const coroguard::callback_scope scope{name};
  advance_clock(150ms);
}

[[noreturn]] static void five_slow_callbacks_then_exit() {
  coroguard::set_report_sink({});
  coroguard::set_debug(true);
  for (int i = 0; i < 5; ++i) {
    slow_callback("on_read");
  }
  std::exit(0);
}

using rate_limit_test = coroguard::test::runtime_test;

TEST_F(rate_limit_test, a_busy_site_prints_a_few_reports_then_a_summary) {
  coroguard::set_debug(true);
  forget_tasks(10'000);
  ASSERT_THAT(reports_, SizeIs(3));
  const std::string site = reports_[0].site;
  ASSERT_THAT(site, HasSubstr("(rate_limit_test.cpp:"));
  reports_.clear();

  // The first report let through after the interval comes after the count of those held back.
  advance_clock(10s);
  forget_tasks(1);
  ASSERT_THAT(reports_, SizeIs(2));
  EXPECT_EQ(reports_[0].kind, coroguard::report_kind::never_awaited);
  EXPECT_EQ(reports_[0].message, "suppressed 9997 more at " + site);
  EXPECT_EQ(reports_[0].site, site);
  EXPECT_EQ(reports_[0].suppressed, 9997U);
  EXPECT_THAT(reports_[0].frames, SizeIs(0));
  EXPECT_EQ(printed()[0], "coroguard: never-awaited: suppressed 9997 more at " + site + "\n");
  EXPECT_THAT(reports_[1].message, StartsWith("task 'forgotten' was destroyed"));
  EXPECT_EQ(reports_[1].suppressed, 0U);
  reports_.clear();

  // What is still held back at exit is summarized then.
  forget_tasks(5);
  EXPECT_THAT(reports_, SizeIs(0));
  flush_suppressed();
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].message, "suppressed 5 more at " + site);
  reports_.clear();
  flush_suppressed();
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(rate_limit_test, a_report_every_interval_at_most) {
  coroguard::set_debug(true);
  for (int i = 0; i < 3; ++i) {
    slow_callback("on_tick");
  }
  reports_.clear();
  // A slow callback every second: every tenth is reported, after a summary of the nine before it.
  for (int i = 0; i < 60; ++i) {
    advance_clock(850ms);
    slow_callback("on_tick");
  }
  ASSERT_THAT(reports_, SizeIs(12));
  for (std::size_t i = 0; i < reports_.size(); i += 2) {
    EXPECT_EQ(reports_[i].message, "suppressed 9 more at callback 'on_tick'");
    EXPECT_EQ(reports_[i + 1].message, "callback 'on_tick' took 150 ms (threshold 100 ms)");
  }
}

TEST_F(rate_limit_test, sites_are_limited_separately) {
  coroguard::set_debug(true);
  for (int i = 0; i < 5; ++i) {
    slow_callback("on_read");
    slow_callback("on_write");
  }
  ASSERT_THAT(reports_, SizeIs(6));
  flush_suppressed();
  ASSERT_THAT(reports_, SizeIs(8));
  std::vector<std::string> summaries{reports_[6].message, reports_[7].message};
  std::sort(summaries.begin(), summaries.end());
  EXPECT_THAT(summaries, ElementsAre("suppressed 2 more at callback 'on_read'",
                                     "suppressed 2 more at callback 'on_write'"));
}

TEST_F(rate_limit_test, summaries_are_printed_at_exit) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(five_slow_callbacks_then_exit(), ::testing::ExitedWithCode(0),
              "coroguard: slow-callback: suppressed 2 more at callback 'on_read'\n");
}
