// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// A helper that waits for the result a reference parameter names waits only if its caller did
// not know that result was ready: concurrencpp's test_ready_result asserts the status of its
// result and then passes it by reference to test_same_ref_shared_result, which reads it. A
// caller that asked before the call (the coroutine itself, or a helper on the way) settles the
// wait; what else the helper does still counts, and is what the chain shows. The same helpers
// called with a result nothing asked about, or asked about after the call, are reported.

#include "task.h"
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;

enum class result_status { idle, value, exception };

struct result_state {
  std::atomic<bool> Done{false};
  result_status Status = result_status::idle;
  int Value = 0;
};

// An eager result whose get() waits for its producer.
class eager_result {
public:
  explicit eager_result(result_state *State) : State(State) {}
  result_status status() const { return State->Status; }
  int get() {
    State->Done.wait(false);
    return State->Value;
  }

private:
  result_state *State;
};

void assertEqual(result_status Got, result_status Want) {
  if (Got != Want)
    throw std::logic_error("unexpected status");
}

void readSameRef(eager_result &Result) {
  if (Result.get() != Result.get())
    throw std::logic_error("two values");
}

int readFuture(std::future<int> &Future) { return Future.get(); }

void pauseBriefly() { std::this_thread::sleep_for(1ms); }

void readThenPause(eager_result &Result) {
  (void)Result.get();
  pauseBriefly();
}

void testThenPause(eager_result Result) {
  assertEqual(Result.status(), result_status::value);
  readThenPause(Result);
}

void testReadyResult(eager_result Result) {
  assertEqual(Result.status(), result_status::value);
  readSameRef(Result);
}

void testResult(eager_result Result) { readSameRef(Result); }

lazy::task<> passesResults(eager_result Checked, eager_result Unchecked,
                           eager_result Late, std::future<int> Polled,
                           std::future<int> Unpolled) {
  testReadyResult(Checked);
  if (Polled.wait_for(0s) == std::future_status::ready)
    (void)readFuture(Polled);
  assertEqual(Checked.status(), result_status::value);
  readSameRef(Checked);

  readThenPause(Checked);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'readThenPause' may block the thread running coroutine 'passesResults' (it calls 'std::this_thread::sleep_for' via 'pauseBriefly'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-26]]:3: note: 'readThenPause' calls 'pauseBriefly' here
  // CHECK-NOTES: :[[@LINE-31]]:23: note: 'pauseBriefly' calls 'std::this_thread::sleep_for' here, which sleeps
  testThenPause(Checked);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'testThenPause' may block the thread running coroutine 'passesResults' (it calls 'std::this_thread::sleep_for' via 'readThenPause', 'pauseBriefly'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-25]]:3: note: 'testThenPause' calls 'readThenPause' here
  // CHECK-NOTES: :[[@LINE-31]]:3: note: 'readThenPause' calls 'pauseBriefly' here
  // CHECK-NOTES: :[[@LINE-36]]:23: note: 'pauseBriefly' calls 'std::this_thread::sleep_for' here, which sleeps
  testResult(Unchecked);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'testResult' may block the thread running coroutine 'passesResults' (it calls 'std::atomic::wait' via 'readSameRef', 'eager_result::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-22]]:40: note: 'testResult' calls 'readSameRef' here
  // CHECK-NOTES: :[[@LINE-46]]:14: note: 'readSameRef' calls 'eager_result::get' here
  // CHECK-NOTES: :[[@LINE-61]]:17: note: 'eager_result::get' calls 'std::atomic::wait' here, which waits synchronously
  readSameRef(Late);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'readSameRef' may block the thread running coroutine 'passesResults' (it calls 'std::atomic::wait' via 'eager_result::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-50]]:14: note: 'readSameRef' calls 'eager_result::get' here
  // CHECK-NOTES: :[[@LINE-65]]:17: note: 'eager_result::get' calls 'std::atomic::wait' here, which waits synchronously
  assertEqual(Late.status(), result_status::value);
  (void)readFuture(Unpolled);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'readFuture' may block the thread running coroutine 'passesResults' (it calls 'std::future::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-51]]:58: note: 'readFuture' calls 'std::future::get' here, which waits synchronously
  co_return;
}
