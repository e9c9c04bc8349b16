// RUN: %check_coroguard_tidy -check-suffix=DEFAULT %s coroguard-forgotten-await %t -- --quiet -- -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-forgotten-await %t -- --quiet \
// RUN:   -config="{CheckOptions: { \
// RUN:     coroguard-forgotten-await.AwaitableTypes: 'opaque::handle', \
// RUN:     coroguard-forgotten-await.LazyTypes: 'vendor::job', \
// RUN:     coroguard-forgotten-await.EagerTypes: 'vendor::started<.*>', \
// RUN:     coroguard-forgotten-await.IgnoredTypes: 'lazy::task;unused::.*', \
// RUN:     coroguard-forgotten-await.AllowCastToVoid: false}}" \
// RUN:   -- -I %inputs

// AwaitableTypes, LazyTypes and EagerTypes cover what cannot be seen in the TU;
// IgnoredTypes silences a type; AllowCastToVoid=false reports (void) casts of any
// awaitable. Patterns match the whole qualified name, with or without template
// arguments.
#include "awaiters.h"
#include "eager_future.h"
#include "task.h"

namespace opaque {
// Awaitable through an operator co_await declared in another translation unit.
struct handle {};
handle open();
} // namespace opaque

namespace vendor {
// Awaitable by shape, but without a promise its start is unknown.
struct job {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() noexcept;
};
job submit();
template <typename T> struct started {};
started<int> launch();
} // namespace vendor

lazy::task<int> fetch();
ss::future<int> fetch_eager();

void configured_types() {
  opaque::open();
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:3: warning: result of 'open' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  vendor::submit();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: result of 'submit' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: result of 'submit' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  vendor::launch();
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:3: warning: result of 'launch' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  fetch();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  auto kept = fetch();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:8: warning: 'kept' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
}

void casts_to_void() {
  (void)fetch_eager();
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:9: warning: result of 'fetch_eager' is discarded by a cast to void; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  (void)aw::sleep_for(1);
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:9: warning: result of 'sleep_for' is discarded by a cast to void; nothing awaits it — co_await it [coroguard-forgotten-await]
  (void)vendor::submit();
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:9: warning: result of 'submit' is discarded by a cast to void; a lazy task never runs — co_await it [coroguard-forgotten-await]
}
