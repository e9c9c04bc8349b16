#pragma once

#include <cstddef>
#include <vector>

#include "core/source_frame.hpp"
#include "core/stack_capture.hpp"

namespace coroguard::detail {

// Every frame of a captured stack, inlined calls expanded, innermost first.
[[nodiscard]] std::vector<source_frame> symbolize_stack(const captured_stack& stack);

// The program's part of a stack: from its innermost frame of the program's own code down to the
// library code that called it (the Asio handler machinery, the thread's start), leaving out
// library frames in between (std::function, std::invoke layers).
struct program_stack {
  std::vector<source_frame> frames;
  // Whether the program's outermost frame is in `frames` (it is the callback Asio invoked).
  bool reaches_callback = false;
};
[[nodiscard]] program_stack program_frames(const std::vector<source_frame>& all);

// At most `limit` frames of `stack`, unless COROGUARD_TRACEBACK=1 asked for all of them.
[[nodiscard]] std::vector<source_frame> frames_to_show(const program_stack& stack,
                                                       std::size_t limit);

}  // namespace coroguard::detail
