#include "core/thread_times.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace coroguard::detail {

thread_times times_of_thread(pid_t tid) noexcept {
  char path[64];
  if (tid == 0) {
    std::snprintf(path, sizeof path, "/proc/thread-self/schedstat");
  } else {
    std::snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", static_cast<int>(tid));
  }
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {};
  }
  char text[128];
  const ssize_t length = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (length <= 0) {
    return {};
  }
  text[length] = '\0';
  // "<ns on CPU> <ns waiting on a run queue> <time slices>"
  char* end = nullptr;
  const long long on_cpu = std::strtoll(text, &end, 10);
  char* after = nullptr;
  const long long waiting = std::strtoll(end, &after, 10);
  if (end == text || after == end) {
    return {};
  }
  return {std::chrono::nanoseconds{on_cpu}, std::chrono::nanoseconds{waiting}};
}

}  // namespace coroguard::detail
