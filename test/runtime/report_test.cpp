// Report text, the stderr sink and user sinks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "coroguard/callback_scope.hpp"
#include "coroguard/debug.hpp"
#include "coroguard/detail/testing.hpp"
#include "coroguard/report.hpp"
#include "runtime_test.hpp"

using namespace std::chrono_literals;
using coroguard::report;
using coroguard::report_kind;
using ::testing::SizeIs;

namespace {

void slow_callback(const char* name) {
  const coroguard::callback_scope scope{name};
  coroguard::detail::testing::advance_clock(150ms);
}

}  // namespace

using report_test = coroguard::test::runtime_test;

TEST_F(report_test, kinds_print_as_documented) {
  EXPECT_EQ(coroguard::to_string(report_kind::slow_callback), "slow-callback");
  EXPECT_EQ(coroguard::to_string(report_kind::stall), "stall");
  EXPECT_EQ(coroguard::to_string(report_kind::never_awaited), "never-awaited");
  EXPECT_EQ(coroguard::to_string(report_kind::exception_never_retrieved),
            "exception-never-retrieved");
  EXPECT_EQ(coroguard::to_string(report_kind::destroyed_pending), "destroyed-pending");
  EXPECT_EQ(coroguard::to_string(report_kind::wrong_thread), "wrong-thread");
  EXPECT_EQ(coroguard::to_string(report_kind::blocking_call), "blocking-call");
  EXPECT_EQ(coroguard::to_string(report_kind::config), "config");
}

TEST_F(report_test, format_is_a_headline_and_indented_frames) {
  report r;
  r.kind = report_kind::never_awaited;
  r.message = "task 'fetch_user' was destroyed without being awaited; it never ran — co_await it";
  r.frames = {"fetch_user(int) (example.cpp:12)", "main (example.cpp:30)"};
  EXPECT_EQ(coroguard::format_report(r),
            "coroguard: never-awaited: task 'fetch_user' was destroyed without being awaited; it "
            "never ran — co_await it\n"
            "    at fetch_user(int) (example.cpp:12)\n"
            "    at main (example.cpp:30)\n");
}

TEST_F(report_test, the_default_sink_writes_to_stderr) {
  coroguard::set_report_sink({});
  coroguard::set_debug(true);
  ::testing::internal::CaptureStderr();
  slow_callback("on_read");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "coroguard: slow-callback: callback 'on_read' took 150 ms (threshold 100 ms)\n");
}

TEST_F(report_test, set_report_sink_returns_the_previous_sink) {
  int calls = 0;
  coroguard::report_sink capturing = coroguard::set_report_sink([&calls](const report&) { ++calls; });
  ASSERT_TRUE(capturing);
  coroguard::set_debug(true);
  slow_callback("on_read");
  EXPECT_EQ(calls, 1);
  EXPECT_THAT(reports_, SizeIs(0));

  const coroguard::report_sink counting = coroguard::set_report_sink(std::move(capturing));
  ASSERT_TRUE(counting);
  slow_callback("on_read");
  EXPECT_THAT(reports_, SizeIs(1));
  EXPECT_TRUE(coroguard::set_report_sink({}));
  EXPECT_FALSE(coroguard::set_report_sink({})) << "the stderr sink comes back as an empty one";
}

TEST_F(report_test, a_report_raised_inside_a_sink_goes_to_stderr) {
  coroguard::set_report_sink([this](const report& r) {
    reports_.push_back(r);
    slow_callback("inside_the_sink");
  });
  coroguard::set_debug(true);
  ::testing::internal::CaptureStderr();
  slow_callback("on_read");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "coroguard: slow-callback: callback 'inside_the_sink' took 150 ms (threshold 100 ms)\n");
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].message, "callback 'on_read' took 150 ms (threshold 100 ms)");
}

TEST_F(report_test, a_throwing_sink_does_not_lose_the_report) {
  coroguard::set_report_sink([](const report&) { throw std::runtime_error("logger down"); });
  coroguard::set_debug(true);
  ::testing::internal::CaptureStderr();
  slow_callback("on_read");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "coroguard: slow-callback: callback 'on_read' took 150 ms (threshold 100 ms)\n");
}
