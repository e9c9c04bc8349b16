// A seastar-style eager future: the coroutine runs at once (initial_suspend never
// suspends); the promise comes from a std::coroutine_traits partial specialization and
// co_await works through a free operator co_await.
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace ss {

template <typename T = void> class [[nodiscard]] future {
public:
  bool available() const noexcept { return ready; }
  T get();
  bool ready = false;
};

namespace internal {
template <typename T> struct coroutine_promise {
  future<T> get_return_object() noexcept { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() noexcept {}
};
template <> struct coroutine_promise<void> {
  future<void> get_return_object() noexcept { return {}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void return_void() {}
  void unhandled_exception() noexcept {}
};

template <typename T> struct awaiter {
  future<T> f;
  bool await_ready() const noexcept { return f.available(); }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return f.get(); }
};
} // namespace internal

template <typename T> auto operator co_await(future<T> f) noexcept {
  return internal::awaiter<T>{std::move(f)};
}

/// Runs \p f later, in the background; the future it returns is not awaited.
template <typename F> void schedule(F &&f);

} // namespace ss

template <typename T, typename... Args>
struct std::coroutine_traits<ss::future<T>, Args...> {
  using promise_type = ss::internal::coroutine_promise<T>;
};
