// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// A cppcoro-style lazy task, a seastar-style eager future (promise through a
// coroutine_traits partial specialization, free operator co_await), a fire-and-forget
// type, and awaitables whose start cannot be told by shape.
#include "awaiters.h"
#include "eager_future.h"
#include "fire_and_forget.h"
#include "task.h"
#include <utility>
#include <vector>

lazy::task<int> fetch();
ss::future<int> fetch_eager();
ff::fire_and_forget fire();
void spawn(lazy::task<int>);
template <typename... Tasks> lazy::task<> when_all(Tasks...);

struct semaphore {
  lazy::task<int> get_units(int count);
};

// --- 1. Discarded call results --------------------------------------------------------

lazy::task<> discarded_statements() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_eager();{{$}}
  aw::sleep_for(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'sleep_for' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await aw::sleep_for(10);{{$}}
  aw::receive<int>();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'receive' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await aw::receive<int>();{{$}}
  semaphore sem;
  sem.get_units(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'get_units' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await sem.get_units(1);{{$}}
  co_return;
}

lazy::task<> discarded_in_control_flow(bool ready, int n) {
  if (ready)
    fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  else
    fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}    co_await fetch_eager();{{$}}
  while (n-- > 0)
    fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  for (int i = 0; i < n; ++i, fetch()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}  for (int i = 0; i < n; ++i, fetch()) {{{$}}
  }
  ready ? fetch() : fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  ready ? fetch() : fetch();{{$}}
  fetch(), fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  fetch(), fetch_eager();{{$}}
  int value = (fetch(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  (void)value;
  co_return;
}

// In a plain function there is nothing to co_await in: no fix-it.
void discarded_in_plain_function() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  auto callback = [] { fetch_eager(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: result of 'fetch_eager' is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  callback();
}

// co_await is not allowed in a handler, so no fix-it there.
lazy::task<> discarded_in_catch_handler() {
  try {
    co_await fetch();
  } catch (...) {
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    fetch();{{$}}
  }
}

#define LOG_AND(expr) expr
lazy::task<> discarded_in_user_macro() {
  LOG_AND(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  LOG_AND(fetch());{{$}}
  co_return;
}

// --- 2. Stored and never used ---------------------------------------------------------

lazy::task<> stored_never_used() {
  semaphore sem;
  auto units = sem.get_units(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'units' holds the awaitable returned by 'get_units' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await sem.get_units(1);{{$}}
  [[maybe_unused]] auto t = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 't' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  const ss::future<int> started = fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'started' holds the awaitable returned by 'fetch_eager' but is never used; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_eager();{{$}}
  // Mentioned only where it is not evaluated: still unused, but the variable cannot
  // simply be dropped.
  auto sized = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'sized' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  auto sized = fetch();{{$}}
  static_assert(sizeof(sized) > 0);
  auto typed = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'typed' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  auto typed = fetch();{{$}}
  using typed_task = decltype(typed);
  auto a = fetch(), b = fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'a' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: 'b' holds the awaitable returned by 'fetch' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  auto a = fetch(), b = fetch();{{$}}
  co_return;
}

void stored_in_plain_function() {
  auto t = fetch_eager();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 't' holds the awaitable returned by 'fetch_eager' but is never used; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
}

// --- 4. Immediately invoked coroutine lambdas -----------------------------------------

lazy::task<> immediately_invoked() {
  []() -> lazy::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> lazy::task<> { co_return; }();{{$}}
  []() -> ss::future<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> ss::future<> { co_return; }();{{$}}
  auto kept = []() -> lazy::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'kept' holds the awaitable returned by the immediately invoked coroutine lambda but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> lazy::task<> { co_return; }();{{$}}
  co_return;
}

// --- Start modes that need more than std::suspend_always/never ------------------------

lazy::task<> custom_initial_awaiters() {
  // await_ready is a constant true: the coroutine does not suspend at the start.
  []() -> aw::custom_eager { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; the eager task runs but its result and exceptions are lost — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> aw::custom_eager { co_return; }();{{$}}
  // Decided at run time: neither lazy nor eager is claimed.
  []() -> aw::maybe_lazy { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> aw::maybe_lazy { co_return; }();{{$}}
  co_return;
}

// --- (void) casts ---------------------------------------------------------------------

lazy::task<> cast_to_void() {
  (void)fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: result of 'fetch' is discarded by a cast to void; a lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  (void)fetch();{{$}}
  static_cast<void>(fetch());
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: result of 'fetch' is discarded by a cast to void; a lazy task never runs — co_await it [coroguard-forgotten-await]
  (void)fetch_eager();
  (void)aw::sleep_for(1);
  co_return;
}

// --- A type co_awaited somewhere in the TU is awaitable -------------------------------

// Nothing in `ticket` says it can be awaited; the promise's await_transform does.
struct ticket {};
ticket take_ticket();

struct ticketed {
  struct promise_type {
    ticketed get_return_object() noexcept { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
    std::suspend_never await_transform(ticket) noexcept { return {}; }
  };
};

// Reported although the co_await that makes `ticket` awaitable comes later in the TU.
ticketed uses_ticket_before() {
  take_ticket();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'take_ticket' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await take_ticket();{{$}}
  co_return;
}

ticketed awaits_ticket() { co_await take_ticket(); }

// A promise with await_transform that does not take a lazy::task: co_await would not
// compile, so no fix-it.
ticketed promise_rejects_task() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  fetch();{{$}}
  co_return;
}

// --- Must not be flagged --------------------------------------------------------------

lazy::task<int> returned() { return fetch(); }

lazy::task<> awaited_or_handed_over(std::vector<lazy::task<int>> &pending) {
  co_await fetch();
  int n = co_await fetch();
  auto later = fetch();
  co_await std::move(later);
  spawn(fetch());
  pending.push_back(fetch());
  co_await when_all(fetch(), fetch());
  auto moved = fetch();
  pending.push_back(std::move(moved));
  auto captured = fetch();
  [&] { spawn(std::move(captured)); }();
  auto copied_into_lambda = fetch();
  auto deferred = [t = std::move(copied_into_lambda)]() mutable { return std::move(t); };
  (void)deferred;
  (void)n;
}

lazy::task<> not_awaitable() {
  // Fire-and-forget: cannot be awaited, meant to run on its own.
  fire();
  auto f = fire();
  // Awaitability decided only by overload resolution (a constrained catch-all operator
  // co_await): never guessed.
  generic::open();
  // A reference result names an object that lives elsewhere.
  lazy::task<int> owner = fetch();
  std::move(owner);
  co_await std::move(owner);
}

// Real-code idioms.

// Calling the await protocol by hand (a test that operator co_await can be
// called repeatedly, an adaptor forwarding await_resume) drives an awaiter; it
// starts no task.
struct shared_result {
  aw::sleep_awaiter operator co_await();
};
struct forwarding_awaiter {
  aw::sleep_awaiter inner;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  aw::sleep_awaiter await_resume();
};
void drives_awaiters_by_hand(shared_result &result, forwarding_awaiter &forward) {
  for (int i = 0; i < 3; ++i)
    result.operator co_await();
  auto awaiter = result.operator co_await();
  forward.await_resume();
  operator co_await(aw::message<int>{});
}

// A test that destroys a task unstarted on purpose says so with NOLINT.
void destroys_an_unstarted_task() {
  auto unstarted = fetch(); // NOLINT(coroguard-forgotten-await)
  fetch(); // NOLINT(coroguard-forgotten-await)
}
