// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// A result the coroutine awaited the resolution of (co_await r.resolve(): concurrencpp resumes
// once r is ready and gives it back, ready) does not wait, neither r nor what the await gave.
// What the coroutine knows about its locals before it writes a lambda holds in the lambda: a
// test that asserts the status of a result and then checks that reading it throws, in a lambda
// run in place. A lambda written before the coroutine asks, or about a result nothing asked
// about, is reported.

#include "task.h"
#include <atomic>
#include <stdexcept>

enum class result_status { idle, value, exception };

struct result_state {
  std::atomic<bool> Done{false};
  result_status Status = result_status::idle;
  int Value = 0;
};

class resolve_awaitable;

// An eager result whose get() waits for its producer.
class eager_result {
public:
  explicit eager_result(result_state *State) : State(State) {}
  result_status status() const { return State->Status; }
  int get() {
    State->Done.wait(false);
    return State->Value;
  }
  resolve_awaitable resolve();

private:
  result_state *State;
};

class resolve_awaitable {
public:
  explicit resolve_awaitable(result_state *State) : State(State) {}
  bool await_ready() const noexcept { return State->Done; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  eager_result await_resume() { return eager_result(State); }

private:
  result_state *State;
};

resolve_awaitable eager_result::resolve() { return resolve_awaitable(State); }

void assertEqual(result_status Got, result_status Want) {
  if (Got != Want)
    throw std::logic_error("unexpected status");
}

template <class Task> void assertThrows(Task &&Run) {
  try {
    Run();
  } catch (const std::exception &) {
    return;
  }
  throw std::logic_error("nothing thrown");
}

lazy::task<> resolvesResults(eager_result Pending, eager_result Awaited,
                             eager_result Checked, eager_result Late,
                             eager_result Unasked) {
  eager_result Done = co_await Pending.resolve();
  assertThrows([&Done] { Done.get(); });
  co_await Awaited.resolve();
  (void)Awaited.get();
  assertEqual(Checked.status(), result_status::exception);
  assertThrows([&Checked] { Checked.get(); });

  assertThrows([&Late] { Late.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'assertThrows' may block the thread running coroutine 'resolvesResults' (it calls 'std::atomic::wait' via 'lambda', 'eager_result::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-19]]:5: note: 'assertThrows' calls 'lambda' here
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'lambda' calls 'eager_result::get' here
  // CHECK-NOTES: :[[@LINE-50]]:17: note: 'eager_result::get' calls 'std::atomic::wait' here, which waits synchronously
  assertEqual(Late.status(), result_status::exception);
  assertThrows([&Unasked] { Unasked.get(); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'assertThrows' may block the thread running coroutine 'resolvesResults' (it calls 'std::atomic::wait' via 'lambda', 'eager_result::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-25]]:5: note: 'assertThrows' calls 'lambda' here
  // CHECK-NOTES: :[[@LINE-3]]:37: note: 'lambda' calls 'eager_result::get' here
  // CHECK-NOTES: :[[@LINE-56]]:17: note: 'eager_result::get' calls 'std::atomic::wait' here, which waits synchronously
}
