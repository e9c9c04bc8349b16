// RUN: %check_coroguard_tidy -expect-clang-tidy-error %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// Templates, dependent and invalid code, macros and deep chains: sensible findings and
// never a crash.

#include <asio.hpp>
#include <future>
#include <thread>
#include <unistd.h>

using asio::awaitable;

// A template coroutine: what blocks in the pattern is reported once, what blocks
// only for some arguments is reported for the instantiation that blocks.
template <class Waitable> awaitable<void> wait_on(Waitable &W) {
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'wait_on'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  W.wait();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'std::future::wait' blocks the thread running coroutine 'wait_on'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  co_return;
}

struct Harmless {
  void wait() {}
};

template awaitable<void> wait_on(std::future<int> &);
template awaitable<void> wait_on(Harmless &);

// Never instantiated: dependent calls are skipped, the rest is still seen.
template <class T> awaitable<void> never_instantiated(T Value) {
  Value.get();
  helper(Value);
  usleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'never_instantiated'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

// Recursion through templates, and a chain longer than MaxDepth.
template <int N> void countdown() { countdown<N - 1>(); }
template <> void countdown<0>() { sleep(1); }

awaitable<void> chains() {
  countdown<2>();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'countdown<2>' may block the thread running coroutine 'chains' (it calls 'sleep' via 'countdown<1>', 'countdown<0>'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-6]]:37: note: 'countdown<2>' calls 'countdown<1>' here
  // CHECK-NOTES: :[[@LINE-7]]:37: note: 'countdown<1>' calls 'countdown<0>' here
  // CHECK-NOTES: :[[@LINE-7]]:35: note: 'countdown<0>' calls 'sleep' here, which sleeps
  countdown<40>();
  co_return;
}

// Calls through pointers have no known callee.
void nap() { sleep(1); }

awaitable<void> indirect(void (*Callback)()) {
  Callback();
  void (*Local)() = nap;
  Local();
  co_return;
}

// Macros are reported where they are used.
#define NAP() sleep(1)

awaitable<void> macros() {
  NAP();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'macros'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-5]]:15: note: expanded from macro 'NAP'
  co_return;
}

// Invalid code: the broken parts are skipped, the rest is still checked.
awaitable<void> broken() {
  undeclared_function();
  // CHECK-NOTES: :[[@LINE-1]]:3: error: use of undeclared identifier 'undeclared_function' [clang-diagnostic-error]
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'broken'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

awaitable<void> invalid_parameter(UnknownType Value) {
// CHECK-NOTES: :[[@LINE-1]]:35: error: unknown type name 'UnknownType' [clang-diagnostic-error]
  sleep(1);
  co_return;
}
