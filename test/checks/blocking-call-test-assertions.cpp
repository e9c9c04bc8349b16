// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// A test framework's assertion macro reports its result with the framework's own code:
// what the macro's definition calls (Catch2 looking for a debugger when a check failed) is
// not followed. The asserted expression is the test's own code and is.

#include <asio.hpp>
#include <catch2-assertions.h>
#include <fstream>
#include <string>

using asio::awaitable;

std::string readConfig() {
  std::ifstream In("config.txt");
  std::string Line;
  std::getline(In, Line);
  return Line;
}

awaitable<int> answer() { co_return 42; }

awaitable<void> checksResults() {
  const int Value = co_await answer();
  REQUIRE(Value == 42);
  CHECK(Value > 0);

  REQUIRE(readConfig() == "x");
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'readConfig' may block the thread running coroutine 'checksResults' (it calls 'std::ifstream'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-15]]:17: note: 'readConfig' calls 'std::ifstream' here, which does file I/O

  LOG_STATUS(Value == 42);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Catch::AssertionHandler::complete' may block the thread running coroutine 'checksResults' (it calls 'std::ifstream' via 'Catch::isDebuggerActive'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: {{.*}}catch2-assertions.h:42:25: note: expanded from macro 'LOG_STATUS'
  // CHECK-NOTES: {{.*}}catch2-assertions.h:35:27: note: expanded from macro 'INTERNAL_CATCH_TEST'
  // CHECK-NOTES: {{.*}}catch2-assertions.h:21:19: note: 'Catch::AssertionHandler::complete' calls 'Catch::isDebuggerActive' here
  // CHECK-NOTES: {{.*}}catch2-assertions.h:11:17: note: 'Catch::isDebuggerActive' calls 'std::ifstream' here, which does file I/O
  co_return;
}
