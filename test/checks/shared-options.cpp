// RUN: %check_coroguard_tidy -check-suffix=DEFAULT %s coroguard-blocking-call,coroguard-cross-thread-call %t -- \
// RUN:   --quiet -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-blocking-call,coroguard-cross-thread-call %t -- \
// RUN:   --quiet -config="{CheckOptions: { \
// RUN:     ThreadStartFunctions: 'jobs::run_detached', \
// RUN:     PostFunctions: 'jobs::post_to', \
// RUN:     ExecutorSwitches: 'jobs::to_background'}}" \
// RUN:   -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-blocking-call,coroguard-cross-thread-call %t -- \
// RUN:   --quiet -config="{CheckOptions: { \
// RUN:     coroguard-blocking-call.OffloadFunctions: 'jobs::run_detached', \
// RUN:     coroguard-blocking-call.PostFunctions: 'jobs::post_to', \
// RUN:     coroguard-blocking-call.ExecutorSwitches: 'jobs::to_background'}}" \
// RUN:   -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-blocking-call,coroguard-cross-thread-call %t -- \
// RUN:   --quiet -config="{CheckOptions: { \
// RUN:     coroguard-cross-thread-call.ThreadStartFunctions: 'jobs::run_detached', \
// RUN:     coroguard-cross-thread-call.PostFunctions: 'jobs::post_to', \
// RUN:     coroguard-cross-thread-call.ExecutorSwitches: 'jobs::to_background'}}" \
// RUN:   -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=ALONE %s coroguard-blocking-call %t -- \
// RUN:   --quiet -config="{CheckOptions: { \
// RUN:     coroguard-cross-thread-call.ThreadStartFunctions: 'jobs::run_detached', \
// RUN:     coroguard-cross-thread-call.PostFunctions: 'jobs::post_to', \
// RUN:     coroguard-cross-thread-call.ExecutorSwitches: 'jobs::to_background'}}" \
// RUN:   -- %asio_flags -I %inputs

// The options that say where code runs (docs/checks/shared-options.md) are one setting for
// every check: written globally or under any coroguard check's name, each check reads the
// same value and places code the same way, whichever checks are enabled. A lambda handed
// to a configured thread start runs on another thread for both checks: cross-thread-call
// reports the timer it touches, blocking-call no longer reports a blocking chain through
// it; after a configured switch to a pool, both see the coroutine off the loop.

#include <asio.hpp>
#include <blocking-libs.h>
#include <unistd.h>

using asio::awaitable;

namespace jobs {
extern bool HasWorkers;
// Runs the job on a thread of its own; inline when there are none.
template <class F> void run_detached(F Job) {
  if (!HasWorkers)
    Job();
}
// Runs the job on the executor; inline when there are no workers.
template <class Executor, class F> void post_to(Executor &Ex, F Job) {
  if (!HasWorkers)
    Job();
}
schedule_operation to_background();
} // namespace jobs

asio::io_context Loop;
asio::thread_pool Pool;
asio::steady_timer Timer(Loop);

awaitable<void> detached_job() {
  jobs::run_detached([] {
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'jobs::run_detached' may block the thread running coroutine 'detached_job' (it calls 'sleep' via 'lambda'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES-DEFAULT: :[[@LINE-17]]:5: note: 'jobs::run_detached' calls 'lambda' here
    sleep(1);
    // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:5: note: 'lambda' calls 'sleep' here, which sleeps
    Timer.cancel();
    // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:11: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES-CONFIGURED: :[[@LINE-7]]:3: note: thread started here
  });
  co_return;
}

awaitable<void> posted_job() {
  jobs::post_to(Pool, [] {
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'jobs::post_to' may block the thread running coroutine 'posted_job' (it calls 'sleep' via 'lambda'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES-DEFAULT: :[[@LINE-25]]:5: note: 'jobs::post_to' calls 'lambda' here
    sleep(1);
    // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:5: note: 'lambda' calls 'sleep' here, which sleeps
    Timer.cancel();
    // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:11: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES-CONFIGURED: :[[@LINE-7]]:3: note: handed to an executor that runs off the loop here
  });
  co_return;
}

task switched() {
  co_await jobs::to_background();
  sleep(1);
  // CHECK-NOTES-DEFAULT: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'switched'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  Timer.cancel();
  // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:9: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES-CONFIGURED: :[[@LINE-5]]:3: note: the coroutine leaves the loop here
}
