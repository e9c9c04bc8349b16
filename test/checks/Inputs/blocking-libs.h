// Stand-ins for libraries that are not installed here (cppcoro, folly, stdexec,
// Boost.Thread), plus a minimal lazy task and a generator. Like the real libraries,
// they are system headers.
#pragma once
#pragma clang system_header

#include <chrono>
#include <coroutine>
#include <exception>

struct task {
  struct promise_type {
    task get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

template <class T> struct generator {
  struct promise_type {
    T current;
    generator get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T value) {
      current = value;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

struct schedule_operation {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() {}
};

namespace cppcoro {
template <class Awaitable> void sync_wait(Awaitable &&) {}
struct static_thread_pool {
  schedule_operation schedule();
};
struct io_service {
  schedule_operation schedule();
  void process_events();
};
} // namespace cppcoro

namespace folly::coro {
template <class Awaitable> void blockingWait(Awaitable &&) {}
} // namespace folly::coro

namespace stdexec {
template <class Sender> void sync_wait(Sender &&) {}
} // namespace stdexec

namespace boost {
namespace this_thread {
template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period> &);
} // namespace this_thread
struct thread {
  template <class F> explicit thread(F) {}
  void join();
  void detach();
};
} // namespace boost

// A scheduler library whose switches name the executor they resume on.
namespace sched {
template <class Executor> schedule_operation resume_on(const Executor &);
struct any_scheduler {
  schedule_operation schedule();
  void execute(void (*)());
};
} // namespace sched

namespace async_simple::coro {
template <class Lazy> void syncAwait(Lazy &&) {}
} // namespace async_simple::coro

// concurrencpp: a coroutine taking (executor_tag, executor) starts on that executor.
namespace concurrencpp {
struct executor_tag {};
struct executor {
  virtual ~executor() = default;
  virtual void enqueue(std::coroutine_handle<>) = 0;
};
struct thread_pool_executor : executor {
  void enqueue(std::coroutine_handle<>) override;
};
} // namespace concurrencpp
