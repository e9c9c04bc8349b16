#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "coroguard/detail/export.hpp"

namespace coroguard::detail {

// Where instrumented code was reached from, captured in a few nanoseconds and symbolized only when
// a report is printed: two return addresses, one of an out-of-line call the instrumented function
// made (a point inside it, or inside the caller it was inlined into) and the instrumented
// function's own (its caller). With COROGUARD_TRACEBACK=1 it holds the whole stack instead.
class call_site {
 public:
  call_site() noexcept = default;
  call_site(call_site&& other) noexcept
      : inside_(std::exchange(other.inside_, nullptr)),
        caller_(std::exchange(other.caller_, nullptr)) {}
  call_site& operator=(call_site&& other) noexcept {
    if (this != &other) {
      if (holds_stack()) {
        release_stack();
      }
      inside_ = std::exchange(other.inside_, nullptr);
      caller_ = std::exchange(other.caller_, nullptr);
    }
    return *this;
  }
  call_site(const call_site&) = delete;
  call_site& operator=(const call_site&) = delete;
  ~call_site() {
    if (holds_stack()) {
      release_stack();
    }
  }

  // Called from coroguard's out-of-line slow paths with their own return address as `inside` and
  // the `caller` the inline fast path read with __builtin_return_address(0).
  [[nodiscard]] COROGUARD_API static call_site capture(const void* inside,
                                                       const void* caller) noexcept;

  // Identifies the site for de-duplication.
  [[nodiscard]] COROGUARD_API std::uint64_t key() const noexcept;
  // Symbolized, innermost first, each "function (file:line)": the instrumented function and its
  // caller, or with COROGUARD_TRACEBACK=1 the whole stack, inlined calls expanded.
  [[nodiscard]] COROGUARD_API std::vector<std::string> frames() const;

 private:
  struct stack;

  COROGUARD_API void release_stack() noexcept;
  [[nodiscard]] bool holds_stack() const noexcept {
    return caller_ == nullptr && inside_ != nullptr;
  }

  // Both set: two return addresses. Only inside_ set: it points to a heap-allocated `stack`
  // (a return address is never null, so the pair tells the two apart).
  const void* inside_ = nullptr;
  const void* caller_ = nullptr;
};

// Placed right after the call to such a slow path where nothing else follows it: code after the
// call keeps the compiler from turning it into a tail call, whose return address would point past
// the instrumented function.
[[gnu::always_inline]] inline void keep_call_in_place() noexcept { asm volatile(""); }

}  // namespace coroguard::detail
