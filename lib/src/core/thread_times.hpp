#pragma once

#include <sys/types.h>

#include <chrono>

namespace coroguard::detail {

// Where a thread's time went, from the scheduler's accounting (/proc/.../schedstat): on a CPU,
// and runnable but waiting for one. Negative when unknown.
struct thread_times {
  std::chrono::nanoseconds on_cpu{-1};
  std::chrono::nanoseconds waiting_for_cpu{-1};
};

// Of thread `tid` of this process; `tid` 0 is the calling thread.
[[nodiscard]] thread_times times_of_thread(pid_t tid) noexcept;

}  // namespace coroguard::detail
