// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// Templates are judged on their instantiations (two or more each here), reported once
// per location with a message that names the callee, not the instantiated type; and
// callables returning an awaitable handed to code that drops what they return.
#include "eager_future.h"
#include "fire_and_forget.h"
#include "task.h"
#include <algorithm>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

struct lazy_source {
  static lazy::task<int> start();
};
struct eager_source {
  static ss::future<int> start();
};
struct plain_source {
  static int start();
};
struct fire_and_forget_source {
  static ff::fire_and_forget start();
};

// --- 5. Templates ---------------------------------------------------------------------

// Only declared: lazy::task<long>'s promise is never instantiated, so its start mode
// is read from the promise template's pattern.
template <typename T> lazy::task<T> fetch_as();

template <typename T> lazy::task<> poll() {
  fetch_as<T>();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch_as' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_as<T>();{{$}}
  auto pending = fetch_as<T>();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'pending' holds the awaitable returned by 'fetch_as' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch_as<T>();{{$}}
  co_return;
}
template lazy::task<> poll<int>();
template lazy::task<> poll<long>();

// Lazy in one instantiation, eager in another, not awaitable in a third: the message
// claims neither.
template <typename Source> void drain() {
  Source::start();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'start' is discarded; nothing awaits it — co_await it [coroguard-forgotten-await]
}
template void drain<lazy_source>();
template void drain<eager_source>();
template void drain<plain_source>();

// Only instantiations with a non-awaitable result: nothing to report.
template <typename Source> void drain_plain() { Source::start(); }
template void drain_plain<plain_source>();
template void drain_plain<fire_and_forget_source>();

// Never instantiated: not judged.
template <typename Source> void never_instantiated() { Source::start(); }

// --- 3. Callables whose result the callee drops ----------------------------------------

lazy::task<> produce();
ff::fire_and_forget fire();
void on_event(std::function<void(int)> callback);
void on_event_kept(std::function<lazy::task<>(int)> callback);

template <typename F> void each(F f) { f(); }
template <typename F> void each_forwarded(F &&f) { std::invoke(std::forward<F>(f)); }
template <typename F> auto pass_through(F f) { return f(); }
template <typename F> lazy::task<> await_it(F f) { co_await f(); }

auto make_callable() {
  return []() -> lazy::task<> { co_return; };
}

void passed_callables(std::vector<int> &items, std::function<lazy::task<>()> stored) {
  each([]() -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine lambda passed to 'each' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  each([]() -> ss::future<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: coroutine lambda passed to 'each' is called and its task discarded; the eager task runs but its result and exceptions are lost — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  each(produce);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'produce' passed to 'each' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  each(stored);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'stored' passed to 'each' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  each_forwarded([]() -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: coroutine lambda passed to 'each_forwarded' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]

  on_event([](int) -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: coroutine lambda passed to 'on_event' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  std::thread worker([]() -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: coroutine lambda passed to 'std::thread' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  worker.join();
  auto job = []() -> ss::future<> { co_return; };
  std::jthread background(job);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'job' passed to 'std::jthread' is called and its task discarded; the eager task runs but its result and exceptions are lost — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  std::for_each(items.begin(), items.end(), [](int) -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: coroutine lambda passed to 'std::for_each' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  static std::once_flag once;
  std::call_once(once, produce);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'produce' passed to 'std::call_once' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
  [](auto callback) { callback(); }([]() -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: coroutine lambda passed to a lambda is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]

  // Not flagged: the callee keeps, returns or awaits the task, or the callable returns
  // nothing awaitable.
  on_event_kept([](int) -> lazy::task<> { co_return; });
  lazy::sync_wait(pass_through([]() -> lazy::task<> { co_return; }));
  lazy::sync_wait(await_it([]() -> lazy::task<> { co_return; }));
  each([] { return 42; });
  each(fire);
  std::thread fire_thread([]() -> ff::fire_and_forget { co_return; });
  fire_thread.join();
}

// A callable that is not a lambda or a name at the call site: reported where the
// template drops the result.
template <typename F> void each_unnamed(F f) {
  f();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'f' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
}
void unnamed_callable() {
  each_unnamed(make_callable());
  each_unnamed([]() -> lazy::task<> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: coroutine lambda passed to 'each_unnamed' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
}
