// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// A wait for a result the code asked about first (its status, whether it is ready, a timed
// wait whose answer is used) does not wait: a test helper that asserts a result is ready and
// then reads it, a poll followed by the read. A wait nothing asked about is reported, also
// after a timed wait whose answer is dropped.

#include <asio.hpp>
#include <chrono>
#include <future>
#include <stdexcept>

using namespace std::chrono_literals;
using asio::awaitable;

enum class result_status { idle, value, exception };

// An eager result with the await protocol whose get() waits for its producer.
template <class T> class eager_result {
public:
  result_status status() const { return Status; }
  T get() {
    while (Status == result_status::idle)
      Done.wait(false);
    return Value;
  }
  bool await_ready() const noexcept { return Status != result_status::idle; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return Value; }

private:
  result_status Status = result_status::idle;
  std::atomic<bool> Done{false};
  T Value{};
};

void assertEqual(result_status Got, result_status Want) {
  if (Got != Want)
    throw std::logic_error("unexpected status");
}

template <class T> void testReadyResult(eager_result<T> &Result, const T &Want) {
  assertEqual(Result.status(), result_status::value);
  if (Result.get() != Want)
    throw std::logic_error("unexpected value");
}

template <class T> T readUnchecked(eager_result<T> &Result) { return Result.get(); }

eager_result<int> Answer;

awaitable<void> checksResults(std::future<int> Polled, std::future<int> Waited) {
  testReadyResult(Answer, 42);
  if (Polled.wait_for(0s) == std::future_status::ready)
    (void)Polled.get();

  readUnchecked(Answer);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'readUnchecked' may block the thread running coroutine 'checksResults' (it calls 'std::atomic::wait' via 'eager_result::get'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-11]]:77: note: 'readUnchecked' calls 'eager_result::get' here
  // CHECK-NOTES: :[[@LINE-36]]:12: note: 'eager_result::get' calls 'std::atomic::wait' here, which waits synchronously
  Waited.wait_for(10ms);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'std::future::wait_for' blocks the thread running coroutine 'checksResults'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Waited.get();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'std::future::get' blocks the thread running coroutine 'checksResults'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  co_return;
}
