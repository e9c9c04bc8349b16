// The shape of Catch2 v3's amalgamated assertions, vendored in a project (not a system
// header): REQUIRE builds a handler, hands it the expression's result, and completes it;
// completing may look for a debugger by reading /proc/self/status when the check failed.
#pragma once

#include <fstream>
#include <string>

namespace Catch {
inline bool isDebuggerActive() {
  std::ifstream Status("/proc/self/status");
  std::string Line;
  return std::getline(Status, Line) && Line.find("TracerPid:\t0") == std::string::npos;
}

class AssertionHandler {
public:
  explicit AssertionHandler(const char *MacroName) : MacroName(MacroName) {}
  void handleExpr(bool Passed) { Failed = !Passed; }
  void complete() {
    if (Failed && isDebuggerActive())
      __builtin_debugtrap();
  }

private:
  const char *MacroName;
  bool Failed = false;
};
} // namespace Catch

#define INTERNAL_CATCH_TEST(macroName, ...)                                      \
  do {                                                                           \
    Catch::AssertionHandler catchAssertionHandler(macroName);                    \
    catchAssertionHandler.handleExpr(static_cast<bool>(__VA_ARGS__));            \
    catchAssertionHandler.complete();                                            \
  } while (false)

#define REQUIRE(...) INTERNAL_CATCH_TEST("REQUIRE", __VA_ARGS__)
#define CHECK(...) INTERNAL_CATCH_TEST("CHECK", __VA_ARGS__)

// A project's own macro of the same make: what it calls is followed.
#define LOG_STATUS(...) INTERNAL_CATCH_TEST("LOG_STATUS", __VA_ARGS__)
