// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// A coroutine runs where what drives its task runs: each task is followed from the call that
// creates it to what consumes it. Driven only by sync waits (catalogued or by their shape),
// through the locals and containers holding the tasks and collect-alls under the wait, or
// resumed by hand, from code that is not on the loop, it runs there and is not reported. A
// co_spawn, a co_await from a coroutine on the loop, an address taken, or a coroutine that
// awaits I/O bound to a loop (it resumes where that I/O completes) keep it on the loop.

#include "task.h"
#include <asio.hpp>
#include <thread>
#include <unistd.h>
#include <vector>

namespace coro {
template <typename T> T sync_wait(lazy::task<T> Task);
lazy::task<> when_all(std::vector<lazy::task<>> Tasks);
} // namespace coro

namespace cppcoro {
struct static_thread_pool {
  struct schedule_operation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  schedule_operation schedule();
};
} // namespace cppcoro

// A lazy task resumed by hand through its handle.
struct manual_task {
  struct promise_type {
    manual_task get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  std::coroutine_handle<promise_type> handle() const;
  void resume() const;
  bool done() const;
};

#define TEST(Suite, Name) void Suite##_##Name##_Test()

// Driven by sync waits only: from a plain function, from a test, through a local.
lazy::task<int> compute() {
  sleep(1);
  co_return 1;
}
lazy::task<int> checked() {
  sleep(2);
  co_return 2;
}
lazy::task<int> held() {
  sleep(3);
  co_return 3;
}
int run_compute() { return coro::sync_wait(compute()); }
TEST(Checked, Works) {
  coro::sync_wait(checked());
  coro::sync_wait(checked());
}
int run_held() {
  auto Task = held();
  return coro::sync_wait(std::move(Task));
}

// Stored in a container, run by a collect-all under a sync wait.
lazy::task<> step(int Index) {
  usleep(Index);
  co_return;
}
void run_steps() {
  std::vector<lazy::task<>> Tasks;
  Tasks.reserve(3);
  for (int Index = 0; Index < 3; ++Index)
    Tasks.push_back(step(Index));
  auto Lambda = []() -> lazy::task<> {
    sleep(4);
    co_return;
  };
  Tasks.push_back(Lambda());
  coro::sync_wait(coro::when_all(std::move(Tasks)));
}

// A lambda task resumed by hand on a plain thread, or from plain code.
void resume_on_thread() {
  auto Work = []() -> manual_task {
    sleep(5);
    co_return;
  };
  auto Task = Work();
  std::thread Runner([&] { Task.handle().resume(); });
  Runner.join();
}
void resume_here() {
  auto Work = []() -> manual_task {
    sleep(6);
    co_return;
  };
  auto Task = Work();
  while (!Task.done())
    Task.resume();
}

// An inner coroutine lambda awaited only after the outer one switched to a pool.
lazy::task<> outer_on_pool(cppcoro::static_thread_pool &Pool) {
  auto Inner = []() -> lazy::task<> {
    sleep(7);
    co_return;
  };
  co_await Pool.schedule();
  co_await Inner();
}

// Reported: one of its tasks is awaited from a coroutine on the loop.
lazy::task<int> shared_work() {
  sleep(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'shared_work'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return 8;
}
int run_shared() { return coro::sync_wait(shared_work()); }
lazy::task<> awaits_shared() { co_await shared_work(); }

// Reported: co_spawn'ed onto the loop.
asio::awaitable<void> spawned() {
  sleep(9);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'spawned'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
void spawn_it(asio::io_context &Loop) { asio::co_spawn(Loop, spawned(), asio::detached); }

// Reported: sync-waited, but it awaits an operation on a socket, whose completion resumes it
// on the thread running the socket's loop (async_simple's smtp client, syncAwait of a Lazy).
lazy::task<> read_some(asio::ip::tcp::socket &Socket);
lazy::task<int> read_reply(asio::ip::tcp::socket &Socket) {
  co_await read_some(Socket);
  sleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'read_reply'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return 10;
}
int run_reply(asio::ip::tcp::socket &Socket) { return coro::sync_wait(read_reply(Socket)); }

// Reported: its address escapes, so its drivers are not all seen.
lazy::task<int> escapes() {
  sleep(11);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'escapes'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return 11;
}
int run_escapes() { return coro::sync_wait(escapes()); }
auto *EscapedAddress = &escapes;

// Reported: stored tasks awaited by a coroutine on the loop.
lazy::task<> looped_step() {
  usleep(12);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'looped_step'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
lazy::task<> awaits_steps() {
  std::vector<lazy::task<>> Tasks;
  Tasks.push_back(looped_step());
  co_await coro::when_all(std::move(Tasks));
}

// Reported: a lambda task resumed by hand inside a coroutine on the loop, and an inner lambda
// awaited before the switch.
lazy::task<> resume_on_loop(cppcoro::static_thread_pool &Pool) {
  auto Work = []() -> manual_task {
    sleep(13);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running a coroutine lambda; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
    co_return;
  };
  auto Task = Work();
  Task.resume();
  auto Inner = []() -> lazy::task<> {
    sleep(14);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running a coroutine lambda; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
    co_return;
  };
  co_await Inner();
  co_await Pool.schedule();
}

// Handed to a pool through APIs the catalog does not name, told by shape: a member of an
// executor-like object receiving the task or its handle, a via-style member taking an
// executor, a sync wait taking an executor. The task runs on that executor, wherever the
// code handing it over runs.
struct work_pool {
  void execute(void (*Work)());
  void resume(std::coroutine_handle<> Handle);
  void spawn_joinable(lazy::task<> Task);
};
struct started {
  void start(void (*Done)());
};
struct job {
  struct promise_type {
    job get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  started via(work_pool *Pool) &&;
  started via(asio::io_context *Loop) &&;
};
struct registry {
  void keep(lazy::task<> Task);
};
namespace coro {
int syncAwait(lazy::task<int> Task, work_pool *Pool);
} // namespace coro
void done();

lazy::task<> spawned_on_pool() {
  sleep(15);
  co_return;
}
manual_task resumed_on_pool() {
  sleep(16);
  co_return;
}
job sent_via_pool() {
  sleep(17);
  co_return;
}
lazy::task<int> waited_on_pool() {
  sleep(18);
  co_return 18;
}
lazy::task<> hands_to_pools(work_pool &Pool) {
  Pool.spawn_joinable(spawned_on_pool());
  auto Task = resumed_on_pool();
  Pool.resume(Task.handle());
  sent_via_pool().via(&Pool).start(done);
  int Value = coro::syncAwait(waited_on_pool(), &Pool);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'coro::syncAwait' blocks the thread running coroutine 'hands_to_pools'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  co_return;
}

// Reported: kept by an object that is no executor, sent via the loop.
lazy::task<> kept() {
  sleep(19);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'kept'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
job sent_via_loop() {
  sleep(20);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'sent_via_loop'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
lazy::task<> hands_elsewhere(registry &Registry, asio::io_context &Loop) {
  Registry.keep(kept());
  sent_via_loop().via(&Loop).start(done);
  co_return;
}

// Named only where a template is instantiated (the template's own call depends on its
// parameter), a coroutine template or a member of a class template, each driven by a sync
// wait: not reported. Named nowhere: it may run on the loop, reported.
lazy::task<int> waited_from_instantiation(int Seconds) {
  sleep(Seconds);
  co_return Seconds;
}
template <typename T> lazy::task<int> waited_template(T Seconds) {
  sleep(Seconds);
  co_return 0;
}
template <typename T> struct waited_member {
  lazy::task<int> run() {
    sleep(1);
    co_return 1;
  }
};
template <typename T> int waits_for(T Seconds) {
  return coro::sync_wait(waited_from_instantiation(Seconds)) +
         coro::sync_wait(waited_template(Seconds)) +
         coro::sync_wait(waited_member<T>{}.run());
}
int waits_for_one() { return waits_for(1); }
lazy::task<> named_nowhere() {
  sleep(21);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'named_nowhere'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
