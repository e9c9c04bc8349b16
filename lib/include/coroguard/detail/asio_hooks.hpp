#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "coroguard/debug.hpp"
#include "coroguard/detail/export.hpp"
#include "coroguard/detail/loop_thread.hpp"

// The hooks behind Asio's handler-tracking macros, for standalone Asio and Boost.Asio alike
// (coroguard/asio/handler_tracking.hpp and coroguard/boost_asio/handler_tracking.hpp map each
// library's macros here). With debug mode off each hook is one relaxed load and a branch; with
// it on, a callback costs a few stores to the thread's record: no clock is read.
namespace coroguard::detail {

// Asio derives every operation from this (ASIO_INHERIT_TRACKED_HANDLER): the context the
// operation was created for, so that its callback knows which loop it runs on.
class tracked_asio_operation {
 public:
  // Named not to clash with the members of Asio's operations.
  void* coroguard_context_ = nullptr;  // NOLINT(readability-identifier-naming)

 protected:
  tracked_asio_operation() = default;
  ~tracked_asio_operation() = default;
  tracked_asio_operation(const tracked_asio_operation&) = default;
  tracked_asio_operation& operator=(const tracked_asio_operation&) = default;
};

// A name for the operation type at no run-time cost: the handler's type is among its template
// arguments (a lambda's with its file and line). Decoded only for reports.
template <class Operation>
[[nodiscard]] constexpr const char* operation_type_name() noexcept {
  return __PRETTY_FUNCTION__;
}

// Out of line, in libcoroguard.
COROGUARD_API void finish_watched_callback(loop_thread& thread, std::uint64_t sequence,
                                           const char* operation_type) noexcept;
COROGUARD_API void enter_asio_context(loop_thread& thread, const void* context) noexcept;
// A callback starts inside another: saves the outer one's state and returns the sequence to
// count from. end_nested_callback() restores it.
COROGUARD_API std::uint64_t begin_nested_callback(loop_thread& thread) noexcept;
COROGUARD_API void end_nested_callback(loop_thread& thread, std::uint64_t sequence) noexcept;
COROGUARD_API void note_asio_thread_pool(const void* context) noexcept;
COROGUARD_API void forget_asio_context(const void* context) noexcept;
COROGUARD_API void check_asio_object_thread(const void* context, bool context_stopped,
                                            const char* object_type,
                                            const char* operation) noexcept;

// What Asio's tracking calls name the object an operation is on.
enum class asio_object_kind : std::uint8_t {
  // An executor (io_context, strand): posting to it is thread-safe.
  executor,
  // A pool's executor (thread_pool, the system executor): its threads are not loops.
  pool_executor,
  // An I/O object (socket, timer, descriptor, ...): its operations are not thread-safe.
  loop_affine,
};

template <std::size_t Length>
[[nodiscard, gnu::always_inline]] constexpr bool spelled(const char* text,
                                                         const char (&expected)[Length]) noexcept {
  for (std::size_t i = 0; i < Length; ++i) {
    if (text[i] != expected[i]) {
      return false;
    }
  }
  return true;
}

// Asio passes string literals: with the length known and the characters constant, this folds to
// a constant where the hook is inlined.
template <std::size_t Length>
[[nodiscard, gnu::always_inline]] constexpr asio_object_kind kind_of_asio_object_literal(
    const char (&object_type)[Length]) noexcept {
  if ((Length == sizeof "thread_pool" && spelled(object_type, "thread_pool")) ||
      (Length == sizeof "system_executor" && spelled(object_type, "system_executor"))) {
    return asio_object_kind::pool_executor;
  }
  if ((Length == sizeof "io_context" && spelled(object_type, "io_context")) ||
      (Length == sizeof "strand" && spelled(object_type, "strand")) ||
      (Length == sizeof "strand_executor" && spelled(object_type, "strand_executor"))) {
    return asio_object_kind::executor;
  }
  return asio_object_kind::loop_affine;
}

// Not a literal after all: compared at run time.
[[nodiscard]] inline asio_object_kind kind_of_asio_object_at_run_time(
    const char* object_type) noexcept {
  const std::string_view type{object_type};
  if (type == "thread_pool" || type == "system_executor") {
    return asio_object_kind::pool_executor;
  }
  if (type == "io_context" || type == "strand" || type == "strand_executor") {
    return asio_object_kind::executor;
  }
  return asio_object_kind::loop_affine;
}

template <class ObjectType>
[[nodiscard, gnu::always_inline]] constexpr asio_object_kind kind_of_asio_object(
    const ObjectType& object_type) noexcept {
  if constexpr (std::is_array_v<ObjectType>) {
    return kind_of_asio_object_literal(object_type);
  } else {
    return kind_of_asio_object_at_run_time(object_type);
  }
}

// ASIO_HANDLER_COMPLETION / INVOCATION_BEGIN / INVOCATION_END: one callback, timed by the
// watchdog through the thread's sequence number.
template <class Operation>
class asio_callback {
 public:
  explicit asio_callback(const Operation& operation) noexcept
      : context_(operation.coroguard_context_) {}
  asio_callback(const asio_callback&) = delete;
  asio_callback& operator=(const asio_callback&) = delete;
  ~asio_callback() {
    // The handler threw: the callback ends here.
    if (thread_ != nullptr) [[unlikely]] {
      end();
    }
  }

  template <class... Arguments>
  void invocation_begin(const Arguments&... /*arguments*/) noexcept {
    if (debug_enabled()) [[unlikely]] {
      begin();
    }
  }

  void invocation_end() noexcept {
    if (thread_ != nullptr) [[unlikely]] {
      end();
    }
  }

 private:
  void begin() noexcept {
    loop_thread* thread = current_loop_thread;
    if (thread == nullptr) [[unlikely]] {
      thread = register_loop_thread();
      if (thread == nullptr) {
        return;
      }
    }
    std::uint64_t sequence = thread->callback_sequence.load(std::memory_order_relaxed);
    if ((sequence & 1U) != 0) [[unlikely]] {
      sequence = begin_nested_callback(*thread);
    }
    if (context_ != thread->context && context_ != nullptr) [[unlikely]] {
      enter_asio_context(*thread, context_);
    }
    thread->callback_type.store(operation_type_name<Operation>(), std::memory_order_relaxed);
    thread->callback_sequence.store(sequence + 1, std::memory_order_release);
    thread_ = thread;
    sequence_ = sequence + 1;
  }

  [[gnu::always_inline]] void end() noexcept {
    loop_thread& thread = *thread_;
    thread_ = nullptr;
    if (thread.nesting != 0) [[unlikely]] {
      end_nested_callback(thread, sequence_);
    } else {
      thread.callback_sequence.store(sequence_ + 1, std::memory_order_release);
    }
    if (thread.watched_sequence.load(std::memory_order_relaxed) == sequence_) [[unlikely]] {
      finish_watched_callback(thread, sequence_, operation_type_name<Operation>());
    }
  }

  void* context_;
  loop_thread* thread_ = nullptr;
  std::uint64_t sequence_ = 0;
};

template <class Operation>
asio_callback(const Operation&) -> asio_callback<Operation>;

// Reports (out of line) an operation on a loop-affine object from a thread that does not run the
// object's context, unless the loop has not started or has stopped. `Library` says whether a
// context has stopped (Asio's execution_context is not polymorphic: its scheduler knows).
template <class Library, class ExecutionContext>
void check_asio_thread(ExecutionContext& context, const char* object_type,
                       const char* operation) noexcept {
  const loop_thread* thread = current_loop_thread;
  if (thread != nullptr && thread->context == &context) {
    return;
  }
  check_asio_object_thread(&context, Library::stopped(context), object_type, operation);
}

// ASIO_HANDLER_CREATION: an operation starts (a post, an async_* initiation). Recording the
// context costs a store, less than asking whether debug mode is on.
template <class Library, class ExecutionContext, class Operation, class ObjectType>
[[gnu::always_inline]] inline void asio_operation_created(
    ExecutionContext& context, Operation& operation, const ObjectType& object_type,
    const void* /*object*/, std::uintmax_t /*native_handle*/, const char* name) noexcept {
  operation.coroguard_context_ = &context;
  const asio_object_kind kind = kind_of_asio_object(object_type);
  if (kind != asio_object_kind::executor && debug_enabled()) [[unlikely]] {
    if (kind == asio_object_kind::pool_executor) {
      note_asio_thread_pool(&context);
    } else {
      check_asio_thread<Library>(context, object_type, name);
    }
  }
}

// ASIO_HANDLER_OPERATION: an operation without a handler (close, cancel).
template <class Library, class ExecutionContext, class ObjectType>
[[gnu::always_inline]] inline void asio_object_operation(ExecutionContext& context,
                                                         const ObjectType& object_type,
                                                         const void* /*object*/,
                                                         std::uintmax_t /*native_handle*/,
                                                         const char* name) noexcept {
  if (debug_enabled()) [[unlikely]] {
    if (kind_of_asio_object(object_type) == asio_object_kind::loop_affine) {
      check_asio_thread<Library>(context, object_type, name);
    }
  }
}

// ASIO_HANDLER_TRACKING_INIT, in the constructor of a context's scheduler: a new context may
// reuse a destroyed one's address.
template <class ExecutionContext>
void asio_context_created(ExecutionContext& context) noexcept {
  if (debug_enabled()) [[unlikely]] {
    forget_asio_context(&context);
  }
}

}  // namespace coroguard::detail
