// stall: a callback still running after COROGUARD_STALL_MS is reported by the watchdog thread
// while it is stuck, once, with the stuck thread's stack captured at that moment.

// RUN: %build-standalone -o %t.standalone
// RUN: %build-boost -o %t.boost

// Busy: the stack holds the stuck function, the report comes before the callback finishes, and
// a long stall is reported once.
// RUN: %coroguard-run --stall-ms=300 --slow-callback-ms=60000 %t.standalone busy 2>&1 | FileCheck %s --check-prefix=BUSY --implicit-check-not=coroguard:
// RUN: %coroguard-run --stall-ms=300 --slow-callback-ms=60000 %t.boost busy 2>&1 | FileCheck %s --check-prefix=BUSY --implicit-check-not=coroguard:
// BUSY:      coroguard: stall: callback 'lambda at stall.cpp:[[#BUSY_LAMBDA:]]' has been running for {{[0-9]+}} ms and has not returned (stall threshold 300 ms); nothing else runs on its loop meanwhile — move blocking or long work off the loop thread
// BUSY-NEXT:     at burn_cpu({{.*}}) (net.hpp:{{[0-9]+}})
// BUSY-NEXT:     at stuck_in_a_loop() (stall.cpp:[[#STUCK_LINE:]])
// BUSY-NEXT:     at main::$_0::operator()() const (stall.cpp:[[#BUSY_LAMBDA]])
// BUSY-NEXT: callback finished

// Blocked in a coroutine (its sleep resumes after the capture signal: the interposer is loaded).
// RUN: env COROGUARD_ALLOW_BLOCKING=usleep %coroguard-run --stall-ms=300 --slow-callback-ms=60000 %t.standalone sleeping 2>&1 | FileCheck %s --check-prefix=SLEEPING --implicit-check-not=coroguard:
// RUN: env COROGUARD_ALLOW_BLOCKING=usleep %coroguard-run --stall-ms=300 --slow-callback-ms=60000 %t.boost sleeping 2>&1 | FileCheck %s --check-prefix=SLEEPING --implicit-check-not=coroguard:
// SLEEPING:      coroguard: stall: callback 'waits_for_the_disk' has been running for {{[0-9]+}} ms and has not returned (stall threshold 300 ms); nothing else runs on its loop meanwhile — move blocking or long work off the loop thread
// SLEEPING-NEXT:     at waits_for_the_disk() (stall.cpp:[[#SLEEP_LINE:]])
// SLEEPING-NEXT: slept 1000 ms in full
// SLEEPING-NEXT: callback finished

// Without the interposer a thread asleep in a system call that a signal would cut short is not
// interrupted: the stall is reported without its stack, named from the handler's type.
// RUN: env COROGUARD_DEBUG=1 COROGUARD_STALL_MS=300 COROGUARD_SLOW_CALLBACK_MS=60000 %t.standalone sleeping 2>&1 | FileCheck %s --check-prefix=UNINTERRUPTED --implicit-check-not=coroguard:
// UNINTERRUPTED:      coroguard: stall: callback 'asio handler' has been running for {{[0-9]+}} ms and has not returned (stall threshold 300 ms); nothing else runs on its loop meanwhile — move blocking or long work off the loop thread
// UNINTERRUPTED-NEXT: slept 1000 ms in full
// UNINTERRUPTED-NEXT: callback finished

// Debug mode off: nothing.
// RUN: %t.standalone busy 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=coroguard:
// OFF: callback finished

#include <string_view>

#include "net.hpp"

using namespace std::chrono_literals;

void stuck_in_a_loop() {
  burn_cpu(1000ms);
}

net::awaitable<void> waits_for_the_disk() {
  const auto start = std::chrono::steady_clock::now();
  ::usleep(1000000);  // NOLINT(coroguard-blocking-call): stuck on purpose
  // The watchdog's signal must not cut the sleep short.
  if (std::chrono::steady_clock::now() - start >= 1000ms) {
    say("slept 1000 ms in full");
  }
  say("callback finished");
  co_return;
}

int main(int argc, char** argv) {
  const std::string_view scenario = argc > 1 ? argv[1] : "";
  net::io_context io;
  if (scenario == "busy") {
    net::post(io, [] { stuck_in_a_loop(); say("callback finished"); });
  } else {
    net::co_spawn(io, waits_for_the_disk(), net::detached);
  }
  io.run();
}
