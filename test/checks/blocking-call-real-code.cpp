// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// Idioms of coroutine libraries other than Asio (cppcoro, concurrencpp,
// async_simple). This translation unit declares no asio namespace, so the
// suggestions do not name Asio's operations.

#include <blocking-libs.h>
#include <chrono>
#include <coroutine>
#include <fstream>
#include <memory>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

// Without Asio: a neutral suggestion per category.
task neutral_wording() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running coroutine 'neutral_wording'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  std::ifstream In("settings.ini");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ifstream' blocks the thread running coroutine 'neutral_wording'; every other task on it stalls — move the work to a thread pool and co_await it [coroguard-blocking-call]
  system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' blocks the thread running coroutine 'neutral_wording'; every other task on it stalls — move the work to a thread pool and co_await it [coroguard-blocking-call]
  async_simple::coro::syncAwait(task{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_simple::coro::syncAwait' blocks the thread running coroutine 'neutral_wording'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  co_return;
}

// A call operator is named by its operator; a coroutine lambda stays "a
// coroutine lambda".
namespace poller {
struct waiter {
  task operator()() {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running coroutine 'poller::waiter::operator()'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    co_return;
  }
};
} // namespace poller

// An executor held through a pointer is classified by what it points to.
struct job_queue {
  void enqueue(std::coroutine_handle<>);
};
namespace jobs {
template <class Executor>
schedule_operation resume_on(std::shared_ptr<Executor>);
template <class Executor> schedule_operation resume_on(Executor *);
} // namespace jobs

task switch_through_pointers(std::shared_ptr<job_queue> Queue,
                             job_queue *Raw,
                             std::shared_ptr<cppcoro::static_thread_pool> Pool,
                             std::shared_ptr<cppcoro::io_service> Io) {
  co_await jobs::resume_on(Queue);
  sleep(1); // An executor of unknown kind: not reported.
  co_await jobs::resume_on(Raw);
  sleep(2);
  co_await jobs::resume_on(Pool);
  sleep(3); // The pool.
  co_await jobs::resume_on(Io);
  sleep(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'switch_through_pointers'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  co_return;
}

// Work given to a member of an executor-like object runs on that executor,
// even when the library runs it from a coroutine of its own.
struct work_pool {
  template <class F> static task run_task(F Work) {
    Work();
    co_return;
  }
  template <class F> task submit(F Work) { return run_task(Work); }
};

task hand_over(work_pool &Pool, std::shared_ptr<work_pool> Shared) {
  co_await Pool.submit([] { sleep(1); });
  co_await Shared->submit([] { sleep(2); });
}

// Not an executor: a coroutine that calls what it is given runs it inline.
struct recorder {
  template <class F> task record(F Work) {
    Work();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'lambda' may block the thread running coroutine 'recorder::record' (it calls 'sleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    co_return;
  }
};

task record_inline(recorder &Rec) {
  co_await Rec.record([] { sleep(1); });
}

// A coroutine lambda only ever run by a sync wait from ordinary code runs
// inline on the calling thread, with no loop to stall.
void run_to_completion() {
  auto Work = []() -> task {
    sleep(1);
    co_return;
  };
  cppcoro::sync_wait(Work());
  folly::coro::blockingWait([]() -> task {
    sleep(2);
    co_return;
  }());
  async_simple::coro::syncAwait(Work());
}

// Its task also kept for later: it may run anywhere.
void run_and_keep() {
  auto Work = []() -> task {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running a coroutine lambda; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    co_return;
  };
  cppcoro::sync_wait(Work());
  task Kept = Work();
}

// Waited for inside a coroutine: it runs on the loop, and so does the wait.
task wait_inside() {
  cppcoro::sync_wait([]() -> task {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' blocks the thread running coroutine 'wait_inside'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running a coroutine lambda; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    co_return;
  }());
  co_return;
}

// concurrencpp: a coroutine taking (executor_tag, executor) starts on that
// executor.
task on_pool(concurrencpp::executor_tag,
             std::shared_ptr<concurrencpp::thread_pool_executor>) {
  sleep(1);
  co_return;
}

task on_any(concurrencpp::executor_tag,
            std::shared_ptr<concurrencpp::executor>) {
  sleep(1); // An abstract executor: unknown, not reported.
  co_return;
}

task on_loop(concurrencpp::executor_tag, cppcoro::io_service &) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'on_loop'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  co_return;
}
