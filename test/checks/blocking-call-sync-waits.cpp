// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=ALLOWED %s coroguard-blocking-call %t -- \
// RUN:   -config='{CheckOptions: {coroguard-blocking-call.AllowedFunctions: "^coro::sync_wait$"}}' --quiet -- -I %inputs

// Synchronous waits the catalog has no name for, told by their shape: a free function whose
// name says it waits, taking an awaitable and returning its result (a project's own or a less
// known library's sync wait); get() or wait() known only by its declaration, on a type that
// can be awaited too.

#include "task.h"

namespace coro {
template <typename T> T sync_wait(lazy::task<T> Task);
int syncAwait(lazy::task<int> &&Task);
} // namespace coro

// An eager task that can be awaited, or waited for through a declared-only accessor.
struct eager_result {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const;
  int await_resume() const;
  int get() const;
  void wait() const;
  int peek() const;
};
eager_result start_upload();

lazy::task<int> fetch();
lazy::task<> run_in_loop(lazy::task<> Work);
void detach(lazy::task<int> Work);
void wait_list(int Count);
lazy::task<int> wait_for_all(lazy::task<int> Work);

int drive_it() { return coro::sync_wait(fetch()); }

lazy::task<> reported() {
  int Value = coro::sync_wait(fetch());
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'coro::sync_wait' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Value += coro::syncAwait(fetch());
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'coro::syncAwait' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES-ALLOWED: :[[@LINE-2]]:12: warning: 'coro::syncAwait' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  eager_result Upload = start_upload();
  Value += Upload.get();
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'eager_result::get' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES-ALLOWED: :[[@LINE-2]]:19: warning: 'eager_result::get' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Upload.wait();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'eager_result::wait' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES-ALLOWED: :[[@LINE-2]]:10: warning: 'eager_result::wait' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Value += drive_it();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'drive_it' may block the thread running coroutine 'reported' (it calls 'coro::sync_wait'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-17]]:25: note: 'drive_it' calls 'coro::sync_wait' here, which waits synchronously
  co_return;
}

lazy::task<> not_reported() {
  // Awaited, handed on, or not waits by their shape.
  co_await run_in_loop(not_reported());
  detach(fetch());
  wait_list(3);
  int Value = co_await wait_for_all(fetch());
  eager_result Upload = start_upload();
  Value += Upload.peek();
  Value += co_await Upload;
  co_return;
}
