#include "core/stack_view.hpp"

#include <iterator>

#include "coroguard/config.hpp"
#include "core/symbolizer.hpp"

namespace coroguard::detail {

std::vector<source_frame> symbolize_stack(const captured_stack& stack) {
  std::vector<source_frame> all;
  for (std::size_t i = 0; i < stack.depth; ++i) {
    std::vector<source_frame> frames = symbolize(stack.frames[i], /*exact=*/true);
    all.insert(all.end(), std::make_move_iterator(frames.begin()),
               std::make_move_iterator(frames.end()));
  }
  return all;
}

program_stack program_frames(const std::vector<source_frame>& all) {
  program_stack program;
  bool inside_program = false;
  for (const source_frame& frame : all) {
    if (!is_library_frame(frame)) {
      inside_program = true;
      program.frames.push_back(frame);
      continue;
    }
    // Below the program's frames: Asio invoking the callback, or the thread's start.
    if (inside_program && (is_library_header(frame.file) || frame.file.empty()) &&
        !is_standard_library_frame(frame)) {
      program.reaches_callback = true;
      break;
    }
  }
  return program;
}

std::vector<source_frame> frames_to_show(const program_stack& stack, std::size_t limit) {
  if (current_config().traceback || stack.frames.size() <= limit) {
    return stack.frames;
  }
  return {stack.frames.begin(), stack.frames.begin() + static_cast<std::ptrdiff_t>(limit)};
}

}  // namespace coroguard::detail
