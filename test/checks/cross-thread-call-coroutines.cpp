// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs

// Coroutine code runs on the loop, except after a co_await that moved it to a pool
// (where the shared analysis says so) and in coroutines spawned on a pool.

#include <asio.hpp>

using asio::awaitable;
using asio::use_awaitable;

asio::io_context Loop;
asio::steady_timer Timer(Loop);

awaitable<void> hops(asio::thread_pool &Pool) {
  Timer.cancel();
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  Timer.cancel();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the coroutine leaves the loop here
  asio::steady_timer Own(Loop);
  Own.cancel();
  co_await asio::post(asio::bind_executor(Loop, use_awaitable));
  Timer.cancel();
}

void spawn(asio::thread_pool &Pool) {
  asio::co_spawn(
      Pool,
      []() -> awaitable<void> {
        Timer.cancel();
        // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
        // CHECK-NOTES: :[[@LINE-5]]:3: note: handed to an executor that runs off the loop here
        co_return;
      },
      asio::detached);
  asio::co_spawn(
      Loop,
      []() -> awaitable<void> {
        Timer.cancel();
        co_return;
      },
      asio::detached);
}
