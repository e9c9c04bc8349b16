#include "core/stack_capture.hpp"

#include <ucontext.h>
#include <unwind.h>

#include <cstdint>

namespace coroguard::detail {
namespace {

struct unwind_state {
  captured_stack* stack;
  std::size_t skip;
};

// libgcc's unwinder, called directly: glibc's backtrace() loads libgcc_s with dlopen on first use
// and sanitizers intercept it, neither of which is safe in a signal handler.
_Unwind_Reason_Code collect_frame(_Unwind_Context* context, void* state_pointer) {
  auto& state = *static_cast<unwind_state*>(state_pointer);
  int before_instruction = 0;
  std::uintptr_t ip = _Unwind_GetIPInfo(context, &before_instruction);
  if (ip == 0) {
    return _URC_END_OF_STACK;
  }
  if (state.skip > 0) {
    --state.skip;
    return _URC_NO_REASON;
  }
  // A return address points after its call; a signal frame's address is the instruction itself.
  if (before_instruction == 0) {
    --ip;
  }
  captured_stack& stack = *state.stack;
  // The unwinder speaks of addresses as integers.
  stack.frames[stack.depth++] = reinterpret_cast<const void*>(ip);  // NOLINT(performance-no-int-to-ptr)
  return stack.depth < stack.frames.size() ? _URC_NO_REASON : _URC_END_OF_STACK;
}

}  // namespace

void capture_stack(captured_stack& stack, std::size_t skip) noexcept {
  stack.depth = 0;
  unwind_state state{&stack, skip + 1};  // and this function's own frame
  _Unwind_Backtrace(collect_frame, &state);
}

void capture_interrupted_stack(captured_stack& stack, const void* context) noexcept {
  capture_stack(stack, 1);
  const auto* interrupted = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  const auto pc = static_cast<std::uintptr_t>(interrupted->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  const auto pc = static_cast<std::uintptr_t>(interrupted->uc_mcontext.pc);
#else
  const std::uintptr_t pc = 0;
#endif
  // Everything before the interrupted frame is the handler and the kernel's signal trampoline.
  for (std::size_t i = 0; i < stack.depth; ++i) {
    if (reinterpret_cast<std::uintptr_t>(stack.frames[i]) == pc) {
      for (std::size_t j = i; j < stack.depth; ++j) {
        stack.frames[j - i] = stack.frames[j];
      }
      stack.depth -= i;
      return;
    }
  }
}

void warm_up_unwinder() noexcept {
  captured_stack stack;
  capture_stack(stack, 0);
}

}  // namespace coroguard::detail
