#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <source_location>

#include "coroguard/debug.hpp"
#include "coroguard/detail/call_site.hpp"
#include "coroguard/detail/export.hpp"

namespace coroguard {

// The promise mixin behind coroguard::task, for any lazily started task type to opt in to
// debug-mode tracking. Derive the promise from it and
//   - do not declare initial_suspend() or unhandled_exception(): the inherited ones start the
//     coroutine suspended, record it, and keep the exception;
//   - call mark_finished() from final_suspend();
//   - call rethrow_if_exception() where the result is handed to whoever awaits the task.
// When the promise is destroyed, a tracked task reports `never-awaited` if it never ran,
// `destroyed-pending` if it was suspended mid-flight, and `exception-never-retrieved` if it
// finished with an exception that rethrow_if_exception() never delivered.
//
// Tracking is decided when the coroutine is created. With debug mode off that costs one relaxed
// load and a branch; afterwards a few bit operations on the promise's own fields.
class promise_tracking {
 public:
  class lazy_start {
   public:
    explicit lazy_start(promise_tracking& promise) noexcept : promise_(&promise) {}
    [[nodiscard]] static constexpr bool await_ready() noexcept { return false; }
    static constexpr void await_suspend(std::coroutine_handle<> /*coroutine*/) noexcept {}
    void await_resume() const noexcept { promise_->progress_ |= started; }

   private:
    promise_tracking* promise_;
  };

  promise_tracking(const promise_tracking&) = delete;
  promise_tracking& operator=(const promise_tracking&) = delete;

  // The default argument is evaluated inside the coroutine, which is how the task learns its own
  // name; always_inline keeps the return address read inside the coroutine's ramp function.
  [[gnu::always_inline]] lazy_start initial_suspend(
      std::source_location coroutine = std::source_location::current()) noexcept {
    if (debug_enabled()) [[unlikely]] {
      start_tracking(coroutine, __builtin_return_address(0));
    }
    return lazy_start{*this};
  }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

 protected:
  // The tracking record is left unconstructed until debug mode asks for it.
  promise_tracking() noexcept {}
  ~promise_tracking() {
    if ((progress_ & tracked) != 0) [[unlikely]] {
      finish_tracking();
    }
  }

  void mark_finished() noexcept { progress_ |= finished; }

  // Hands a stored exception to the consumer, which counts as retrieving it.
  void rethrow_if_exception() {
    if (exception_) {
      progress_ |= exception_retrieved;
      std::rethrow_exception(exception_);
    }
  }

 private:
  struct tracking_record {
    std::source_location coroutine;
    detail::call_site created_at;
  };
  enum progress_bits : std::uint8_t {
    tracked = 1U << 0U,
    started = 1U << 1U,
    finished = 1U << 2U,
    exception_retrieved = 1U << 3U,
  };

  // Out of line, so that its own return address is a point inside the coroutine's ramp.
  [[gnu::noinline]] COROGUARD_API void start_tracking(std::source_location coroutine,
                                                      const void* caller) noexcept;
  // Reports what went wrong, if anything, and destroys the record.
  COROGUARD_API void finish_tracking() noexcept;

  std::exception_ptr exception_;
  union {
    // Constructed only while `tracked`. (A private member of the promise, despite the union.)
    tracking_record record_;  // NOLINT(readability-identifier-naming)
  };
  std::uint8_t progress_ = 0;
};

}  // namespace coroguard
