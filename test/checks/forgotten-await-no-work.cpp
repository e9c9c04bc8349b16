// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// Awaiters that carry no work: awaiting one does nothing but perhaps suspend for good, and
// yields nothing, so dropping one loses nothing (std::suspend_never, std::suspend_always, an
// awaiter whose await_ready returns true and whose await_resume is empty).

#include "task.h"
#include <coroutine>
#include <exception>

struct ready_now {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

std::suspend_never skip();
std::suspend_always pause();
ready_now check_now();

lazy::task<> not_reported() {
  std::suspend_never{};
  std::suspend_always{};
  skip();
  pause();
  check_now();
  auto Unused = skip();
  co_return;
}

// --- Next to them, awaiters that do carry work ------------------------------------------

// Suspends and hands the coroutine to a scheduler: dropping it loses the reschedule.
struct yield_to_scheduler {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> Handle) const { schedule(Handle); }
  void await_resume() const noexcept {}
  static void schedule(std::coroutine_handle<>);
};

// Ready at once, but yields a value.
struct cached_value {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return Value; }
  int Value = 0;
};

// Ready at once, but rethrows what it carries.
struct stored_failure {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const {
    if (Failure)
      std::rethrow_exception(Failure);
  }
  std::exception_ptr Failure;
};

yield_to_scheduler yield_now();
cached_value cached();
stored_failure failed();

lazy::task<> reported() {
  yield_now();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'yield_now' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await yield_now();{{$}}
  cached();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'cached' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await cached();{{$}}
  failed();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'failed' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await failed();{{$}}
  co_return;
}
