// The COROGUARD_* environment variables: valid values, malformed ones (`config` reports), and
// set_debug() / set_config() in code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "coroguard/config.hpp"
#include "coroguard/debug.hpp"
#include "runtime_test.hpp"

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::SizeIs;

using config_test = coroguard::test::runtime_test;

TEST_F(config_test, defaults) {
  EXPECT_FALSE(coroguard::debug_enabled());
  const coroguard::config settings = coroguard::current_config();
  EXPECT_FALSE(settings.strict);
  EXPECT_FALSE(settings.traceback);
  EXPECT_EQ(settings.slow_callback_threshold, 100ms);
  EXPECT_EQ(settings.stall_threshold, 1000ms);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(config_test, valid_values) {
  set_environment("COROGUARD_DEBUG", "1");
  set_environment("COROGUARD_STRICT", "0");
  set_environment("COROGUARD_TRACEBACK", "1");
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "250");
  set_environment("COROGUARD_STALL_MS", "4000");
  set_environment("COROGUARD_ALLOW_BLOCKING", "usleep;app::load_config;loader.cpp:42;~cache");
  EXPECT_TRUE(coroguard::debug_enabled());
  const coroguard::config settings = coroguard::current_config();
  EXPECT_FALSE(settings.strict);
  EXPECT_TRUE(settings.traceback);
  EXPECT_EQ(settings.slow_callback_threshold, 250ms);
  EXPECT_EQ(settings.stall_threshold, 4000ms);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(config_test, an_empty_value_means_unset) {
  set_environment("COROGUARD_DEBUG", "");
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "");
  EXPECT_FALSE(coroguard::debug_enabled());
  EXPECT_EQ(coroguard::current_config().slow_callback_threshold, 100ms);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(config_test, set_debug_overrides_the_environment) {
  set_environment("COROGUARD_DEBUG", "1");
  coroguard::set_debug(false);
  EXPECT_FALSE(coroguard::debug_enabled());
  coroguard::set_debug(true);
  EXPECT_TRUE(coroguard::debug_enabled());
}

TEST_F(config_test, set_config_overrides_the_environment) {
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "250");
  coroguard::set_config({.strict = false,
                         .traceback = true,
                         .slow_callback_threshold = 40ms,
                         .stall_threshold = 500ms});
  const coroguard::config settings = coroguard::current_config();
  EXPECT_TRUE(settings.traceback);
  EXPECT_EQ(settings.slow_callback_threshold, 40ms);
  EXPECT_EQ(settings.stall_threshold, 500ms);
}

struct bad_value {
  const char* variable;
  const char* value;
  const char* report;
};

std::string bad_value_name(const ::testing::TestParamInfo<bad_value>& info) {
  return std::string{info.param.variable} + "_" + std::to_string(info.index);
}

class config_bad_value_test : public coroguard::test::runtime_test,
                              public ::testing::WithParamInterface<bad_value> {};

TEST_P(config_bad_value_test, is_reported_and_the_default_used) {
  set_environment(GetParam().variable, GetParam().value);
  EXPECT_FALSE(coroguard::debug_enabled());
  const coroguard::config settings = coroguard::current_config();
  EXPECT_FALSE(settings.strict);
  EXPECT_FALSE(settings.traceback);
  EXPECT_EQ(settings.slow_callback_threshold, 100ms);
  EXPECT_EQ(settings.stall_threshold, 1000ms);
  ASSERT_THAT(printed(), ElementsAre(GetParam().report));
  EXPECT_EQ(reports_[0].kind, coroguard::report_kind::config);
  EXPECT_EQ(reports_[0].site, GetParam().variable);
}

INSTANTIATE_TEST_SUITE_P(
    all_variables, config_bad_value_test,
    ::testing::Values(
        bad_value{"COROGUARD_DEBUG", "yes",
                  "coroguard: config: COROGUARD_DEBUG='yes' is not 0 or 1; using 0\n"},
        bad_value{"COROGUARD_STRICT", "2",
                  "coroguard: config: COROGUARD_STRICT='2' is not 0 or 1; using 0\n"},
        bad_value{"COROGUARD_TRACEBACK", "true",
                  "coroguard: config: COROGUARD_TRACEBACK='true' is not 0 or 1; using 0\n"},
        bad_value{"COROGUARD_SLOW_CALLBACK_MS", "abc",
                  "coroguard: config: COROGUARD_SLOW_CALLBACK_MS='abc' is not a non-negative "
                  "integer; using 100\n"},
        bad_value{"COROGUARD_SLOW_CALLBACK_MS", "-5",
                  "coroguard: config: COROGUARD_SLOW_CALLBACK_MS='-5' is not a non-negative "
                  "integer; using 100\n"},
        bad_value{"COROGUARD_SLOW_CALLBACK_MS", "150ms",
                  "coroguard: config: COROGUARD_SLOW_CALLBACK_MS='150ms' is not a non-negative "
                  "integer; using 100\n"},
        bad_value{"COROGUARD_SLOW_CALLBACK_MS", "99999999999",
                  "coroguard: config: COROGUARD_SLOW_CALLBACK_MS='99999999999' is too large (at "
                  "most 4294967295); using 100\n"},
        bad_value{"COROGUARD_STALL_MS", "1s",
                  "coroguard: config: COROGUARD_STALL_MS='1s' is not a non-negative integer; "
                  "using 1000\n"},
        bad_value{"COROGUARD_STALL_MS", "4294967296",
                  "coroguard: config: COROGUARD_STALL_MS='4294967296' is too large (at most "
                  "4294967295); using 1000\n"},
        bad_value{"COROGUARD_ALLOW_BLOCKING", "usleep;;fsync",
                  "coroguard: config: COROGUARD_ALLOW_BLOCKING='usleep;;fsync' has an empty entry "
                  "(expected function names or file:line sites separated by ';'); using none\n"},
        bad_value{"COROGUARD_ALLOW_BLOCKING", "usleep;",
                  "coroguard: config: COROGUARD_ALLOW_BLOCKING='usleep;' has an empty entry "
                  "(expected function names or file:line sites separated by ';'); using none\n"},
        bad_value{"COROGUARD_ALLOW_BLOCKING", "main.cpp:x",
                  "coroguard: config: COROGUARD_ALLOW_BLOCKING='main.cpp:x' has a malformed entry "
                  "'main.cpp:x' (expected function names or file:line sites separated by ';'); "
                  "using none\n"},
        bad_value{"COROGUARD_ALLOW_BLOCKING", "main.cpp:0",
                  "coroguard: config: COROGUARD_ALLOW_BLOCKING='main.cpp:0' has a malformed entry "
                  "'main.cpp:0' (expected function names or file:line sites separated by ';'); "
                  "using none\n"},
        bad_value{"COROGUARD_ALLOW_BLOCKING", "read write",
                  "coroguard: config: COROGUARD_ALLOW_BLOCKING='read write' has a malformed entry "
                  "'read write' (expected function names or file:line sites separated by ';'); "
                  "using none\n"}),
    bad_value_name);

TEST_F(config_test, every_bad_variable_is_reported) {
  set_environment("COROGUARD_DEBUG", "on");
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "fast");
  EXPECT_FALSE(coroguard::debug_enabled());
  EXPECT_THAT(reports_, SizeIs(2));
}

void read_the_environment_on_stderr() {
  coroguard::set_report_sink({});
  static_cast<void>(coroguard::debug_enabled());
}

TEST_F(config_test, strict_mode_aborts_on_a_bad_value) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  set_environment("COROGUARD_STRICT", "1");
  set_environment("COROGUARD_SLOW_CALLBACK_MS", "abc");
  EXPECT_DEATH(read_the_environment_on_stderr(),
               "coroguard: config: COROGUARD_SLOW_CALLBACK_MS='abc' is not a non-negative "
               "integer; using 100");
}
