// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// Where the code runs decides, classified by the executor's type: a thread_pool (or
// its executor, or a strand on it) is off the loop; an io_context, its executor or a
// strand on it is the loop; type-erased executors are unknown and not reported.

#include <algorithm>
#include <asio.hpp>
#include <blocking-libs.h>
#include <functional>
#include <future>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;

// Asio completes an operation where its token is bound: binding use_awaitable to the
// pool moves the coroutine there, until a co_await completing with plain use_awaitable
// resumes it on its own executor again.
awaitable<void> to_the_pool(asio::thread_pool &Pool, asio::steady_timer &Timer) {
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  sleep(1);
  {
    usleep(1);
  }
  co_await Timer.async_wait(use_awaitable);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'to_the_pool'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_await asio::dispatch(asio::bind_executor(Pool.get_executor(), use_awaitable));
  sleep(3);
  co_await asio::post(Pool, asio::bind_executor(Pool, use_awaitable));
  sleep(4);
  co_return;
}

// ... so a pool given as the executor with a plain use_awaitable never leaves the loop.
awaitable<void> resumes_on_the_loop(asio::thread_pool &Pool) {
  co_await asio::post(Pool, use_awaitable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'resumes_on_the_loop'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_await asio::dispatch(Pool.get_executor(), use_awaitable);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'resumes_on_the_loop'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

// A switch decides for the code it dominates.
awaitable<void> conditional_switch(asio::thread_pool &Pool, bool Heavy) {
  if (Heavy) {
    co_await asio::post(asio::bind_executor(Pool, use_awaitable));
    sleep(1);
  }
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'conditional_switch'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

// The loop, its executor or a strand on it are the loop; a strand on the pool is not.
awaitable<void> strands(asio::io_context &Io, asio::thread_pool &Pool) {
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  co_await asio::post(asio::bind_executor(Io, use_awaitable));
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'strands'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_await asio::post(asio::bind_executor(Pool, use_awaitable));
  auto LoopStrand = asio::make_strand(Io);
  co_await asio::dispatch(asio::bind_executor(LoopStrand, use_awaitable));
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'strands'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  auto PoolStrand = asio::make_strand(Pool);
  co_await asio::dispatch(asio::bind_executor(PoolStrand, use_awaitable));
  sleep(3);
  co_return;
}

// Type-erased executors could be either: not reported.
awaitable<void> type_erased(asio::any_io_executor Executor) {
  co_await asio::post(asio::bind_executor(Executor, use_awaitable));
  sleep(1);
  co_return;
}

// Schedulers that name the executor they resume on.
task schedulers(cppcoro::static_thread_pool &Pool, cppcoro::io_service &Service,
                sched::any_scheduler &Other) {
  co_await Pool.schedule();
  sleep(1);
  co_await Service.schedule();
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'schedulers'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_await sched::resume_on(Pool);
  sleep(3);
  co_await Other.schedule();
  sleep(4);
}

void *thread_main(void *);

// Callables handed to threads and pools run there.
awaitable<void> offloaded(asio::thread_pool &Pool, asio::io_context &Io) {
  auto Fut = std::async(std::launch::async, [] { sleep(1); return 1; });
  std::thread T([] { sleep(2); });
  std::jthread J([] { sleep(3); });
  boost::thread B([] { sleep(4); });
  pthread_t P;
  pthread_create(&P, nullptr, [](void *) -> void * { sleep(5); return nullptr; }, nullptr);
  pthread_create(&P, nullptr, thread_main, nullptr);
  asio::post(Pool, [] { sleep(6); });
  asio::post(Pool.get_executor(), [] { sleep(7); });
  auto Job = [] { sleep(9); };
  std::thread T2(Job);
  std::thread T3([] { [] { sleep(10); }(); });
  // A coroutine spawned on the pool runs there; one spawned on the loop runs on the loop.
  asio::co_spawn(Pool, []() -> awaitable<void> { sleep(11); co_return; }, asio::detached);
  asio::co_spawn(Io, []() -> awaitable<void> { sleep(12); co_return; }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: 'sleep' blocks the thread running a coroutine lambda; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // Callbacks posted to the loop are not coroutine code.
  asio::post(Io, [] { sleep(13); });
  T.detach();
  T2.detach();
  T3.detach();
  co_return;
}

// Lambdas run in place are part of the coroutine; stored ones are not.
awaitable<void> inline_lambdas(std::vector<int> &V, asio::steady_timer &Timer) {
  [] { sleep(1); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'sleep' blocks the thread running coroutine 'inline_lambdas'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  std::for_each(V.begin(), V.end(), [](int) { sleep(2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: 'sleep' blocks the thread running coroutine 'inline_lambdas'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  std::ranges::for_each(V, [](int) { usleep(3); });
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'usleep' blocks the thread running coroutine 'inline_lambdas'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  auto Step = [] { sleep(4); };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'sleep' blocks the thread running coroutine 'inline_lambdas'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  Step();
  std::function<void()> Stored = [] { sleep(5); };
  auto Bound = std::bind([] { sleep(6); });
  Timer.async_wait([](std::error_code) { sleep(7); });
  co_return;
}
