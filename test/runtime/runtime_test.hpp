#pragma once

#include <gtest/gtest.h>

#include <coroutine>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "coroguard/report.hpp"
#include "coroguard/task.hpp"

namespace coroguard::test {

// Every COROGUARD_* variable the runtime reads; tests start with none of them set.
inline constexpr const char* variables[] = {
    "COROGUARD_DEBUG",           "COROGUARD_STRICT",   "COROGUARD_TRACEBACK",
    "COROGUARD_SLOW_CALLBACK_MS", "COROGUARD_STALL_MS", "COROGUARD_ALLOW_BLOCKING"};

void clear_environment();

}  // namespace coroguard::test

namespace coroguard {

// Failed expectations show reports as text.
void PrintTo(const report& r, std::ostream* out);

}  // namespace coroguard

namespace coroguard::test {

// A fresh runtime per test (no environment, debug mode unresolved) whose reports are captured.
class runtime_test : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Sets an environment variable and makes the runtime read the environment again.
  static void set_environment(const char* variable, const char* value);

  // Each captured report as the stderr sink would print it.
  [[nodiscard]] std::vector<std::string> printed() const;

  std::vector<report> reports_;
};

// Runs a task to completion on this thread, as an executor would, and returns its result.
template <class T>
T run(task<T> work) {
  work.handle().resume();
  EXPECT_TRUE(work.done()) << "the task suspended on something that never resumes it";
  return work.result();
}

}  // namespace coroguard::test
