// slow-callback in an unmodified Asio program: every handler and coroutine resumption is timed;
// the report names the coroutine or the lambda, with its source location, and says when the time
// went to waiting rather than to the CPU.

// RUN: %build-standalone -o %t.standalone
// RUN: %coroguard-run --stall-ms=60000 %t.standalone > %t.standalone.out 2>&1
// RUN: FileCheck %s --input-file=%t.standalone.out --implicit-check-not=coroguard:
// RUN: grep -qx done %t.standalone.out
// RUN: %build-boost -o %t.boost
// RUN: %coroguard-run --stall-ms=60000 %t.boost > %t.boost.out 2>&1
// RUN: FileCheck %s --input-file=%t.boost.out --implicit-check-not=coroguard:
// RUN: grep -qx done %t.boost.out

// Below a raised threshold nothing is slow (the sleep still blocks); with debug mode off nothing
// is reported at all.
// RUN: %coroguard-run --slow-callback-ms=60000 --stall-ms=60000 %t.standalone 2>&1 | FileCheck %s --check-prefix=RAISED --implicit-check-not=coroguard:
// RAISED: coroguard: blocking-call: 'nanosleep' blocks the thread running callback 'sleepy_coroutine'
// RAISED: done
// RUN: %t.standalone 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=coroguard:
// RUN: %t.boost 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=coroguard:
// QUIET: done

#include <thread>

#include "net.hpp"

using namespace std::chrono_literals;

net::awaitable<void> sleepy_coroutine() {
  std::this_thread::sleep_for(600ms);  // NOLINT(coroguard-blocking-call): blocked, not busy
  co_return;
}

net::awaitable<void> quick_coroutine() {
  for (int i = 0; i < 100; ++i) {
    co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  }
}

int main() {
  net::io_context io;
  net::co_spawn(io, sleepy_coroutine(), net::detached);
  net::co_spawn(io, quick_coroutine(), net::detached);
  net::post(io, [] { burn_cpu(400ms); });
  net::post(io, [] { burn_cpu(5ms); });
  io.run();
  say("done");
}

// Reports come from the watchdog thread, in the order of the events; the program's own output
// may come in between.
// CHECK:      coroguard: blocking-call: 'nanosleep' blocks the thread running callback 'sleepy_coroutine' (a sleep); every other callback on its loop waits — use a timer: co_await timer.async_wait(asio::use_awaitable)
// CHECK-NEXT:     at sleepy_coroutine() (slow_callback.cpp:30)
// CHECK:      coroguard: slow-callback: callback 'sleepy_coroutine' took {{[0-9]+}} ms (threshold 100 ms); {{[0-9]+}} ms of it on CPU, the rest blocked
// CHECK-NEXT:     at sleepy_coroutine() (slow_callback.cpp:30)
// Busy: no remark, unless this machine is so loaded that the callback mostly waited for a CPU.
// CHECK:      coroguard: slow-callback: callback 'lambda at slow_callback.cpp:44' took {{[0-9]+}} ms (threshold 100 ms){{(; [0-9]+ ms of it on CPU, the rest waiting for a CPU \(the machine is overloaded\))?$}}
// The stack was sampled somewhere in the loop: in burn_cpu, inlined into the lambda, or not.
// CHECK:          at main::$_0::operator()() const (slow_callback.cpp:44)
