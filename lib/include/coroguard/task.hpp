#pragma once

#include <concepts>
#include <coroutine>
#include <optional>
#include <type_traits>
#include <utility>

#include "coroguard/promise_tracking.hpp"

namespace coroguard {

template <class T = void>
class task;

namespace detail {

class task_promise_base : public promise_tracking {
 public:
  // Symmetric transfer: the finished task resumes whoever awaited it without growing the stack.
  class final_awaiter {
   public:
    [[nodiscard]] static constexpr bool await_ready() noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> finished) noexcept {
      const std::coroutine_handle<> awaiting = finished.promise().continuation_;
      return awaiting ? awaiting : std::noop_coroutine();
    }
    static constexpr void await_resume() noexcept {}
  };

  final_awaiter final_suspend() noexcept {
    mark_finished();
    return {};
  }

  void set_continuation(std::coroutine_handle<> awaiting) noexcept { continuation_ = awaiting; }

 protected:
  task_promise_base() noexcept = default;
  ~task_promise_base() = default;

 private:
  std::coroutine_handle<> continuation_;
};

template <class T>
class task_promise final : public task_promise_base {
 public:
  task<T> get_return_object() noexcept;

  template <class U = T>
    requires std::convertible_to<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(value));
  }

  T take_result() {
    rethrow_if_exception();
    // Finished without an exception: the body returned a value.
    return std::move(*value_);  // NOLINT(bugprone-unchecked-optional-access)
  }

 private:
  std::optional<T> value_;
};

template <>
class task_promise<void> final : public task_promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take_result() { rethrow_if_exception(); }
};

}  // namespace detail

// A lazy coroutine task: the body starts when the task is awaited (or its handle() resumed) and
// resumes its awaiter by symmetric transfer when it finishes. In debug mode it reports being
// destroyed without being awaited, with an exception nobody retrieved, or while suspended
// mid-flight (see promise_tracking.hpp).
template <class T>
class [[nodiscard]] task {
  static_assert(!std::is_reference_v<T>, "task<T&> is not supported; use task<std::reference_wrapper<T>>");

 public:
  using promise_type = detail::task_promise<T>;

  class awaiter {
   public:
    explicit awaiter(std::coroutine_handle<promise_type> coroutine) noexcept : coroutine_(coroutine) {}
    [[nodiscard]] bool await_ready() const noexcept { return coroutine_.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
      coroutine_.promise().set_continuation(awaiting);
      return coroutine_;
    }
    T await_resume() { return coroutine_.promise().take_result(); }

   private:
    std::coroutine_handle<promise_type> coroutine_;
  };

  task(task&& other) noexcept : coroutine_(std::exchange(other.coroutine_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      coroutine_ = std::exchange(other.coroutine_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  // Awaiting yields the value, or rethrows the exception the body ended with.
  awaiter operator co_await() const noexcept { return awaiter{coroutine_}; }

  [[nodiscard]] bool done() const noexcept { return coroutine_.done(); }

  // For executors that run tasks themselves, like asyncio's create_task: resuming the handle starts
  // the task; once done(), result() retrieves the outcome.
  [[nodiscard]] std::coroutine_handle<> handle() const noexcept { return coroutine_; }

  // The finished task's value; rethrows its exception instead, which counts as retrieving it.
  T result() { return coroutine_.promise().take_result(); }

 private:
  friend promise_type;

  explicit task(std::coroutine_handle<promise_type> coroutine) noexcept : coroutine_(coroutine) {}

  void destroy() noexcept {
    if (coroutine_) {
      coroutine_.destroy();
    }
  }

  std::coroutine_handle<promise_type> coroutine_;
};

template <class T>
task<T> detail::task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise>::from_promise(*this)};
}

inline task<void> detail::task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise>::from_promise(*this)};
}

}  // namespace coroguard
