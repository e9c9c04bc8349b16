// A cppcoro-style lazy task: initial_suspend suspends, nothing runs until awaited.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace lazy {

template <typename T = void> class task;

namespace detail {
struct final_awaiter {
  bool await_ready() noexcept { return false; }
  template <typename P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
    return h.promise().continuation;
  }
  void await_resume() noexcept {}
};

struct promise_base {
  std::coroutine_handle<> continuation;
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { std::terminate(); }
};

template <typename T> struct promise : promise_base {
  T value{};
  task<T> get_return_object() noexcept;
  void return_value(T v) { value = std::move(v); }
};

template <> struct promise<void> : promise_base {
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
};
} // namespace detail

template <typename T> class [[nodiscard]] task {
public:
  using promise_type = detail::promise<T>;
  explicit task(std::coroutine_handle<promise_type> h) : handle(h) {}
  task(task &&other) noexcept : handle(std::exchange(other.handle, {})) {}
  ~task() {
    if (handle)
      handle.destroy();
  }

  auto operator co_await() && noexcept {
    struct awaiter {
      std::coroutine_handle<promise_type> handle;
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
        handle.promise().continuation = c;
        return handle;
      }
      T await_resume() {
        if constexpr (!std::is_void_v<T>)
          return std::move(handle.promise().value);
      }
    };
    return awaiter{handle};
  }

private:
  std::coroutine_handle<promise_type> handle;
};

namespace detail {
template <typename T> task<T> promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<promise<T>>::from_promise(*this)};
}
inline task<void> promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<promise<void>>::from_promise(*this)};
}
} // namespace detail

/// Runs a task to completion on the calling thread.
template <typename T> T sync_wait(task<T> t);

} // namespace lazy
