// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=LISTED %s coroguard-forgotten-await %t -- \
// RUN:   -config='{CheckOptions: {coroguard-forgotten-await.EagerTypes: "srv::started"}}' --quiet -- -I %inputs

// Eager results: the work already runs; whether dropping the handle on it is a bug is the
// framework's to say. It says so with [[nodiscard]] on the type or the function (or the user
// with EagerTypes). Reduced from a server whose async_start() returns a handle on the started
// server (not [[nodiscard]]), dropped, kept under [[maybe_unused]], or only checked in an assert.

// The asserts below are compiled out, as in a release build.
#define NDEBUG
#include "eager_future.h"
#include "task.h"
#include <cassert>
#include <tuple>

namespace srv {
// An eager coroutine type without [[nodiscard]].
struct started {
  struct promise_type {
    started get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  bool valid() const { return true; }
};

struct server {
  started async_start();
  [[nodiscard]] started async_start_checked();
};
} // namespace srv

// Futures: no coroutine returns them; they can be awaited, waited for and read
// by blocking, so the work they stand for runs anyway.
namespace fut {
struct listening {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
  int get();
  void wait();
};
struct [[nodiscard]] checked {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
  int get();
  void wait();
};
// An awaiter, not a future: how it starts is unknown.
struct sleeping {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace fut

fut::listening start_listening();
fut::checked start_checked();
fut::sleeping sleep_for(int Milliseconds);

ss::future<int> fetch_eager();
lazy::task<int> fetch_lazy();

lazy::task<> not_reported(srv::server &Server) {
  Server.async_start();
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:3: warning: result of 'async_start' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES-LISTED: {{^}}  co_await Server.async_start();{{$}}
  [[maybe_unused]] auto Started = Server.async_start();
  auto Checked = Server.async_start();
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:8: warning: 'Checked' holds the awaitable returned by 'async_start' but is never used; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES-LISTED: {{^}}  co_await Server.async_start();{{$}}
  assert(Checked.valid());
  // Explicit discards of eager results.
  (void)fetch_eager();
  std::ignore = fetch_eager();
  [[maybe_unused]] auto Kept = fetch_eager();
  // A future that is not [[nodiscard]].
  start_listening();
  auto Listening = start_listening();
  co_return;
}

lazy::task<> reported(srv::server &Server) {
  // The framework says: [[nodiscard]] on the function, on the type.
  Server.async_start_checked();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'async_start_checked' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:3: warning: result of 'async_start_checked' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await Server.async_start_checked();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await Server.async_start_checked();{{$}}
  fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:3: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_eager();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await fetch_eager();{{$}}
  // A seastar-style [[nodiscard]] future stored and never used.
  auto Pending = fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'Pending' holds the awaitable returned by 'fetch_eager' but is never used; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:8: warning: 'Pending' holds the awaitable returned by 'fetch_eager' but is never used; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_eager();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await fetch_eager();{{$}}
  start_checked();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'start_checked' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:3: warning: result of 'start_checked' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await start_checked();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await start_checked();{{$}}
  // How an awaiter starts is unknown: reported as before.
  sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'sleep_for' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:3: warning: result of 'sleep_for' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await sleep_for(10);{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await sleep_for(10);{{$}}
  // Lazy tasks: a bug in every form.
  fetch_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch_lazy' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:3: warning: result of 'fetch_lazy' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_lazy();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await fetch_lazy();{{$}}
  [[maybe_unused]] auto Lazy = fetch_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'Lazy' holds the awaitable returned by 'fetch_lazy' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-LISTED: :[[@LINE-2]]:25: warning: 'Lazy' holds the awaitable returned by 'fetch_lazy' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_lazy();{{$}}
  // CHECK-FIXES-LISTED: {{^}}  co_await fetch_lazy();{{$}}
  co_return;
}

// A fire-and-forget coroutine type (eager, not [[nodiscard]]) started from a
// plain function.
void fire_and_forget() {
  []() -> srv::started { co_return; }();
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
}

// A test helper that runs a coroutine lambda for its effects and drops the
// eager result.
template <typename Body> void run_for_effects(Body Run) { Run(); }

void helper_drops_result() {
  run_for_effects([]() -> srv::started { co_return; });
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:19: warning: coroutine lambda passed to 'run_for_effects' is called and its task discarded; the eager task runs but its result and exceptions are lost — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
}

// With EagerTypes naming the type, the user has said it: dropping it is reported.
lazy::task<> listed(srv::server &Server) {
  Server.async_start();
  // CHECK-MESSAGES-LISTED: :[[@LINE-1]]:3: warning: result of 'async_start' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES-LISTED: {{^}}  co_await Server.async_start();{{$}}
  co_return;
}
