#pragma once

#include <array>
#include <coroutine>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string_view>
#include <type_traits>
#include <utility>

#include "coroguard/debug.hpp"
#include "coroguard/detail/export.hpp"

// Exceptions that a detached co_spawn drops: the Asio integration puts this handler in place of
// asio::detached's (and coroguard::detached's) for completions that carry a std::exception_ptr.
namespace coroguard::detail {

// Where a coroutine was spawned and what it was, captured at the spawn in debug mode.
struct spawn_record {
  static constexpr std::size_t max_frames = 12;
  std::array<const void*, max_frames> stack{};
  std::uint8_t depth = 0;
  // The spawned coroutine's body (its resume function), when co_spawn was given an awaitable.
  const void* coroutine_body = nullptr;
  // __PRETTY_FUNCTION__ naming the function object co_spawn was given otherwise.
  const char* function_type = nullptr;
};

// Captures the calling thread's stack into `record`.
COROGUARD_API void record_spawn_site(spawn_record& record) noexcept;

// Reports `exception` as never retrieved; `record` is null when the spawn was not recorded.
COROGUARD_API void report_dropped_exception(const spawn_record* record,
                                            const std::exception_ptr& exception,
                                            const char* token) noexcept;

template <class Function>
[[nodiscard]] constexpr const char* spawned_type_name() noexcept {
  return __PRETTY_FUNCTION__;
}

// Asio's co_spawn hands an awaitable over wrapped in detail::awaitable_as_function, whose one
// member is the awaitable, whose one member is its coroutine's promise.
template <class Function>
inline constexpr bool is_spawned_awaitable =
    std::string_view{spawned_type_name<Function>()}.find("::detail::awaitable_as_function<") !=
        std::string_view::npos &&
    sizeof(Function) == sizeof(void*);

template <class Function>
void describe_spawned(spawn_record& record, Function& function) noexcept {
  if constexpr (is_spawned_awaitable<Function> && std::is_invocable_v<Function&>) {
    using promise_type = std::coroutine_traits<std::invoke_result_t<Function&>>::promise_type;
    promise_type* promise = nullptr;
    std::memcpy(&promise, static_cast<const void*>(&function), sizeof promise);
    if (promise != nullptr) {
      // Clang and GCC put the resume function's address first in a coroutine frame.
      const void* frame = std::coroutine_handle<promise_type>::from_promise(*promise).address();
      std::memcpy(static_cast<void*>(&record.coroutine_body), frame, sizeof record.coroutine_body);
    }
  } else {
    record.function_type = spawned_type_name<Function>();
  }
}

class reporting_detached_handler {
 public:
  explicit reporting_detached_handler(const char* token) noexcept : token_(token) {}

  template <class... Arguments>
  void spawned(Arguments&... arguments) noexcept {
    tracked_ = true;
    record_spawn_site(record_);
    if constexpr (sizeof...(Arguments) == 1) {
      describe_spawned(record_, arguments...);
    }
  }

  template <class... Results>
  void operator()(const std::exception_ptr& exception, Results&&... /*results*/) const noexcept {
    if (exception && tracked_) {
      report_dropped_exception(&record_, exception, token_);
    }
  }

 private:
  spawn_record record_;
  const char* token_;
  bool tracked_ = false;
};

// The async_result of a detached token for completions carrying a std::exception_ptr; Token names
// the token in reports (a type with `static constexpr const char* name`).
template <class Token>
class reporting_detached_result {
 public:
  using completion_handler_type = reporting_detached_handler;
  using return_type = void;

  explicit reporting_detached_result(completion_handler_type& /*handler*/) noexcept {}
  void get() noexcept {}

  template <class Initiation, class RawToken, class... Arguments>
  static void initiate(Initiation&& initiation, RawToken&& /*token*/, Arguments&&... arguments) {
    reporting_detached_handler handler{Token::name};
    if (debug_enabled()) [[unlikely]] {
      handler.spawned(arguments...);
    }
    std::forward<Initiation>(initiation)(std::move(handler),
                                         std::forward<Arguments>(arguments)...);
  }
};

}  // namespace coroguard::detail
