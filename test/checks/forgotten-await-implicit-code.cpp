// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// A callable can reach a template only through a coroutine's implicit code: `co_await f`
// is the promise's await_transform(f), `co_yield f` its yield_value(f). The analysis reads
// that code, and the parents it asks about there are mapped when asked, after what is
// written (LocalParents).
#include "task.h"

struct runner;
struct keeper;

// Runs the callable it is given and drops what it returns.
struct running_promise {
  runner get_return_object();
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
  template <typename Callable> std::suspend_never await_transform(Callable callable) {
    callable();
    return {};
  }
  template <typename Callable> std::suspend_never yield_value(Callable callable) {
    callable();
    return {};
  }
};

// Keeps the callable it is given, uncalled.
struct keeping_promise {
  keeper get_return_object();
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
  template <typename Callable> std::suspend_never await_transform(Callable callable) {
    kept = sizeof(callable);
    return {};
  }
  unsigned kept = 0;
};

struct runner {
  using promise_type = running_promise;
};
struct keeper {
  using promise_type = keeping_promise;
};

lazy::task<> job();

runner awaits_a_task_lambda() {
  co_await []() -> lazy::task<> { co_await job(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: coroutine lambda passed to 'await_transform' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
}

runner yields_a_named_callable() {
  auto start = []() -> lazy::task<> { co_await job(); };
  co_yield start;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'start' passed to 'yield_value' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
}

// The promise does not call it: nothing is lost.
keeper keeps_a_task_lambda() {
  co_await []() -> lazy::task<> { co_await job(); };
}

// A callable returning no task: nothing to lose.
runner awaits_a_plain_lambda() {
  co_await [] { return 1; };
}
