// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// C++20 atomic waits block until another thread changes the value.

#include "task.h"
#include <atomic>

lazy::task<> waits(std::atomic<int> &Ready, std::atomic_flag &Done, int &Shared) {
  Ready.wait(0);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'std::atomic::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Done.wait(false);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'std::atomic_flag::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  std::atomic_ref<int>(Shared).wait(1);
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'std::atomic_ref::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // Notifying and loading do not wait.
  Ready.notify_all();
  Done.notify_one();
  int Value = Ready.load();
  static_cast<void>(Value);
  co_return;
}
