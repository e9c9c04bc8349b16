#pragma once

#include <array>
#include <cstddef>

namespace coroguard::detail {

inline constexpr std::size_t max_captured_frames = 48;

// Code addresses of a stack, innermost first, each pointing into the instruction being executed
// or called (return addresses are already moved back into their call): symbolize them exactly.
struct captured_stack {
  std::size_t depth = 0;
  std::array<const void*, max_captured_frames> frames{};
};

// Unwinds the calling thread into `stack`, skipping `skip` innermost frames; async-signal-safe
// once warm_up_unwinder() ran (it does not allocate, lock, or load anything).
void capture_stack(captured_stack& stack, std::size_t skip) noexcept;

// The same from a signal handler: the stack of the code `context` (the handler's ucontext_t*)
// interrupted, starting at its program counter.
void capture_interrupted_stack(captured_stack& stack, const void* context) noexcept;

// The unwinder may load its unwind tables lazily on first use; call once from a normal context.
void warm_up_unwinder() noexcept;

}  // namespace coroguard::detail
