// Awaitables that are not coroutine types, and coroutine types whose start cannot be
// told without Sema.
#pragma once
#include <coroutine>
#include <exception>
#include <type_traits>

namespace aw {

/// A plain awaiter: awaitable, but no promise, so neither lazy nor eager.
struct sleep_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
sleep_awaiter sleep_for(int milliseconds);

/// Awaitable only through a hidden friend operator co_await of a class template.
template <typename T> struct message {
  friend sleep_awaiter operator co_await(message) noexcept { return {}; }
};
template <typename T> message<T> receive();

/// A task whose initial_suspend decides at run time whether to suspend.
struct maybe_lazy {
  struct start_awaiter {
    bool ready;
    bool await_ready() const noexcept { return ready; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  struct promise_type {
    maybe_lazy get_return_object() noexcept { return {}; }
    start_awaiter initial_suspend() noexcept { return {false}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};

/// A task with a custom initial awaiter that never suspends (await_ready is true).
/// [[nodiscard]]: the framework says its results must be used.
struct [[nodiscard]] custom_eager {
  struct start_awaiter {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  struct promise_type {
    custom_eager get_return_object() noexcept { return {}; }
    auto initial_suspend() noexcept { return start_awaiter{}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};

} // namespace aw

namespace generic {
/// Every type in this namespace "can" be awaited through a constrained catch-all
/// operator co_await; only overload resolution could tell which, so nothing is flagged.
struct handle {};
template <typename T>
  requires std::is_class_v<std::remove_cvref_t<T>>
auto operator co_await(T &&) noexcept {
  return std::suspend_never{};
}
handle open();
} // namespace generic
