#include "preload/descriptors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace coroguard::preload {

std::optional<detail::blocking_category> blocking_descriptor(int fd) noexcept {
  if (fd == STDOUT_FILENO || fd == STDERR_FILENO) {
    return std::nullopt;
  }
  // The type first: pipes, terminals and the like need no second look.
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    return std::nullopt;
  }
  std::optional<detail::blocking_category> category;
  if (S_ISREG(status.st_mode)) {
    category = detail::blocking_category::file_io;
  } else if (S_ISSOCK(status.st_mode)) {
    category = detail::blocking_category::socket_io;
  } else {
    return std::nullopt;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK) != 0) {
    return std::nullopt;
  }
  return category;
}

namespace {

// What the last descriptor a callback used was: a callback writing to the same descriptor again
// and again asks the kernel once (two system calls would double the cost of a write to a pipe).
struct descriptor_seen {
  int fd = -1;
  std::uint64_t callback_sequence = 0;
  std::optional<detail::blocking_category> category;
};

constinit thread_local descriptor_seen last_descriptor __attribute__((tls_model("initial-exec")));

}  // namespace

void note_descriptor_call_in_callback(detail::loop_thread& thread, int fd,
                                      const char* function) noexcept {
  const std::uint64_t sequence = thread.callback_sequence.load(std::memory_order_relaxed);
  if (last_descriptor.fd != fd || last_descriptor.callback_sequence != sequence) {
    last_descriptor = {fd, sequence, blocking_descriptor(fd)};
  }
  if (last_descriptor.category) {
    detail::note_blocking_call(thread, function, *last_descriptor.category);
  }
}

}  // namespace coroguard::preload
