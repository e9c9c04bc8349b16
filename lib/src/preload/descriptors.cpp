#include "preload/descriptors.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coroguard::preload {

std::optional<detail::blocking_category> blocking_descriptor(int fd) noexcept {
  if (fd == STDOUT_FILENO || fd == STDERR_FILENO) {
    return std::nullopt;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK) != 0) {
    return std::nullopt;
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    return std::nullopt;
  }
  if (S_ISREG(status.st_mode)) {
    return detail::blocking_category::file_io;
  }
  if (S_ISSOCK(status.st_mode)) {
    return detail::blocking_category::socket_io;
  }
  return std::nullopt;
}

void note_descriptor_call(int fd, const char* function) noexcept {
  if (detail::loop_thread* thread = detail::loop_thread_watching_blocking_calls()) {
    if (const auto category = blocking_descriptor(fd)) {
      detail::note_blocking_call(*thread, function, *category);
    }
  }
}

void note_call(const char* function, detail::blocking_category category) noexcept {
  if (detail::loop_thread* thread = detail::loop_thread_watching_blocking_calls()) {
    detail::note_blocking_call(*thread, function, category);
  }
}

}  // namespace coroguard::preload
