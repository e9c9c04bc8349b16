#pragma once

#include <optional>

#include "coroguard/detail/blocking_call.hpp"

namespace coroguard::preload {

// What I/O on `fd` blocks on, if anything: a regular file, or a socket in blocking mode. Not
// stdout and stderr (a program's own output), not descriptors in non-blocking mode, not pipes,
// terminals and the like.
[[nodiscard]] std::optional<detail::blocking_category> blocking_descriptor(int fd) noexcept;

// Notes a call of `function` on `fd` made while `thread` runs a callback, if it blocks. Within
// one callback, a descriptor is looked at once.
void note_descriptor_call_in_callback(detail::loop_thread& thread, int fd,
                                      const char* function) noexcept;

// Notes a call of `function` on `fd` when it blocks the loop thread running a callback. Inline:
// on every other thread this is a thread-local load and a branch.
inline void note_descriptor_call(int fd, const char* function) noexcept {
  if (detail::loop_thread* thread = detail::loop_thread_watching_blocking_calls()) [[unlikely]] {
    note_descriptor_call_in_callback(*thread, fd, function);
  }
}

// Notes a call of `function` that blocks the loop thread running a callback, if one does.
inline void note_call(const char* function, detail::blocking_category category) noexcept {
  if (detail::loop_thread* thread = detail::loop_thread_watching_blocking_calls()) [[unlikely]] {
    detail::note_blocking_call(*thread, function, category);
  }
}

}  // namespace coroguard::preload
