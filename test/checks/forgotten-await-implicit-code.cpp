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

// A coroutine's parameters reach its promise's constructor and the frame's allocation: the
// implicit code that may take values is read, the rest (unhandled_exception, return_void,
// get_return_object, the deallocation) holds nothing written.
struct starter;
struct allocating;
struct keeping_starter;

// Runs the first parameter of the coroutine as it is constructed.
struct starting_promise {
  template <typename Callable> starting_promise(Callable &callable) { callable(); }
  starter get_return_object();
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};

// Runs it as it allocates the frame.
struct allocating_promise {
  template <typename Callable>
  static void *operator new(decltype(sizeof(0)) size, Callable &callable) {
    callable();
    return ::operator new(size);
  }
  static void operator delete(void *frame) { ::operator delete(frame); }
  allocating get_return_object();
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
};

// Keeps it, uncalled.
struct keeping_starter_promise {
  template <typename Callable> keeping_starter_promise(Callable &callable) : kept(&callable) {}
  keeping_starter get_return_object();
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() { std::terminate(); }
  void *kept;
};

struct starter {
  using promise_type = starting_promise;
};
struct allocating {
  using promise_type = allocating_promise;
};
struct keeping_starter {
  using promise_type = keeping_starter_promise;
};

starter constructs_the_promise_with(lazy::task<> (*make)()) {
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'make' passed to 'starting_promise' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  co_return;
}

allocating allocates_the_frame_with(lazy::task<> (*make)()) {
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: 'make' passed to 'operator new' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  co_return;
}

keeping_starter keeps_the_parameter(lazy::task<> (*make)()) {
  co_return;
}
