// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- %asio_flags -I %inputs

// Real Asio (Debian's 1.22): asio::awaitable gets its promise through a
// std::coroutine_traits partial specialization and starts lazily; initiating functions
// with use_awaitable return it through a sugared type.
#include "task.h"
#include <asio.hpp>
#include <functional>

asio::awaitable<int> get_units(int count);
asio::awaitable<void> handle_request();
lazy::task<> lazy_job();

asio::awaitable<void> session(asio::steady_timer &timer) {
  get_units(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'get_units' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await get_units(1);{{$}}
  timer.async_wait(asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'async_wait' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await timer.async_wait(asio::use_awaitable);{{$}}
  auto units = get_units(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'units' holds the awaitable returned by 'get_units' but is never used; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await get_units(1);{{$}}
  // asio's promise only awaits what its await_transform accepts: no fix-it for a
  // foreign task.
  lazy_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'lazy_job' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  lazy_job();{{$}}
  []() -> asio::awaitable<void> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of the immediately invoked coroutine lambda is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await []() -> asio::awaitable<void> { co_return; }();{{$}}

  auto executor = co_await asio::this_coro::executor;
  asio::post(executor, []() -> asio::awaitable<void> { co_return; });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: coroutine lambda passed to 'asio::post' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]

  // Not flagged: awaited, spawned, handed over.
  co_await get_units(2);
  int n = co_await get_units(3);
  (void)n;
  auto later = get_units(4);
  co_await std::move(later);
  co_await timer.async_wait(asio::use_awaitable);
  asio::co_spawn(executor, get_units(5), asio::detached);
  asio::co_spawn(executor, handle_request, asio::detached);
  asio::co_spawn(executor, []() -> asio::awaitable<void> { co_return; }, asio::detached);
  asio::post(executor, [] {});
  timer.async_wait([](std::error_code) {});
  co_await asio::post(executor, asio::use_awaitable);
}

void start(asio::io_context &io) {
  asio::co_spawn(io, session(*new asio::steady_timer(io)), asio::detached);
  session(*new asio::steady_timer(io));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'session' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
}
