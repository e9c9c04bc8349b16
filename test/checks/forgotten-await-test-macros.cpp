// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs -isystem %inputs/system

// Calls made only to see whether they throw are not forgotten awaits; neither is the
// code of a macro from a system header.
#include "catch2-throws.h"
#include "eager_future.h"
#include "forgotten-await-system-macros.h"
#include "task.h"
#include <gtest/gtest.h>
#include <stdexcept>

lazy::task<int> fetch();
ss::future<int> parse(const char *text);

TEST(Parser, RejectsGarbage) {
  EXPECT_THROW(parse("garbage"), std::invalid_argument);
  ASSERT_THROW(parse("garbage"), std::invalid_argument);
  EXPECT_ANY_THROW(parse("garbage"));
  EXPECT_NO_THROW(fetch());
  // Outside the assertion the same call is reported.
  parse("garbage");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'parse' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
}

void catch2_style() {
  REQUIRE_THROWS(parse("garbage"));
  CHECK_THROWS(fetch());
  REQUIRE_THROWS_AS(parse("garbage"), std::invalid_argument);
}

template <typename Exception, typename F> void assert_throws(F &&f) {
  try {
    f();
  } catch (const Exception &) {
  }
}
template <typename F> void expectThrows(F &&f) { assert_throws<std::exception>(f); }
template <typename F> void run_now(F &&f) { f(); }

void throw_assertion_functions() {
  assert_throws<std::invalid_argument>([] { parse("garbage"); });
  expectThrows([] {
    auto pending = fetch();
  });
  // Any other function: reported.
  run_now([] { parse("garbage"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: result of 'parse' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
}

lazy::task<> system_header_macros() {
  LIB_START_HEARTBEAT();
  LIB_KEEP_ALIVE();
  // The same call written in user code is reported.
  lib::heartbeat();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'heartbeat' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await lib::heartbeat();{{$}}
  co_return;
}
