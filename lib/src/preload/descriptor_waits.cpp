// Waits on file descriptors with a timeout other than zero: poll, ppoll, select, pselect. A wait
// the watchdog's signal interrupts waits on for the rest of its time.
#include <poll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"
#include "preload/watchdog_signal.hpp"

namespace coroguard::preload {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constinit real_function<int (*)(pollfd*, nfds_t, int)> real_poll{"poll"};
constinit real_function<int (*)(pollfd*, nfds_t, const timespec*, const sigset_t*)> real_ppoll{
    "ppoll"};
constinit real_function<int (*)(int, fd_set*, fd_set*, fd_set*, timeval*)> real_select{"select"};
constinit real_function<int (*)(int, fd_set*, fd_set*, fd_set*, const timespec*, const sigset_t*)>
    real_pselect{"pselect"};

bool is_zero(const timespec* timeout) noexcept {
  return timeout != nullptr && timeout->tv_sec == 0 && timeout->tv_nsec == 0;
}

timespec left_until(steady_clock::time_point deadline) noexcept {
  const auto left = std::max(deadline - steady_clock::now(), steady_clock::duration::zero());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
  return {.tv_sec = static_cast<time_t>(seconds.count()),
          .tv_nsec = static_cast<long>(std::chrono::nanoseconds{left - seconds}.count())};
}

steady_clock::time_point deadline_after(const timespec& timeout) noexcept {
  return steady_clock::now() + std::chrono::seconds{timeout.tv_sec} +
         std::chrono::nanoseconds{timeout.tv_nsec};
}

int poll_once(pollfd* descriptors, nfds_t count, int timeout) noexcept {
  if (auto* function = real_poll.get()) {
    return function(descriptors, count, timeout);
  }
  const timespec limit{.tv_sec = timeout / 1000, .tv_nsec = static_cast<long>(timeout % 1000) * 1000000};
  return static_cast<int>(
      ::syscall(SYS_ppoll, descriptors, count, timeout < 0 ? nullptr : &limit, nullptr, 8));
}

int ppoll_once(pollfd* descriptors, nfds_t count, const timespec* timeout,
               const sigset_t* mask) noexcept {
  if (auto* function = real_ppoll.get()) {
    return function(descriptors, count, timeout, mask);
  }
  return static_cast<int>(::syscall(SYS_ppoll, descriptors, count, timeout, mask, 8));
}

}  // namespace
}  // namespace coroguard::preload

using coroguard::detail::blocking_category;
using namespace coroguard::preload;  // NOLINT(google-build-using-namespace): the wrappers' file

COROGUARD_WRAPPER int poll(pollfd* descriptors, nfds_t count, int timeout) {
  if (timeout != 0) {
    note_call("poll", blocking_category::descriptor_wait);
  }
  watchdog_signal_guard signal;
  const auto deadline = steady_clock::now() + milliseconds{timeout};
  int wait = timeout;
  while (true) {
    const int result = poll_once(descriptors, count, wait);
    if (result >= 0 || !signal.interrupted_by_watchdog(errno)) {
      return result;
    }
    if (timeout > 0) {
      wait = static_cast<int>(std::max<milliseconds::rep>(
          std::chrono::ceil<milliseconds>(deadline - steady_clock::now()).count(), 0));
    }
  }
}

COROGUARD_WRAPPER int ppoll(pollfd* descriptors, nfds_t count, const timespec* timeout,
                     const sigset_t* mask) {
  if (!is_zero(timeout)) {
    note_call("ppoll", blocking_category::descriptor_wait);
  }
  watchdog_signal_guard signal;
  const auto deadline = timeout != nullptr ? deadline_after(*timeout) : steady_clock::time_point{};
  timespec left = timeout != nullptr ? *timeout : timespec{};
  while (true) {
    const int result = ppoll_once(descriptors, count, timeout != nullptr ? &left : nullptr, mask);
    if (result >= 0 || !signal.interrupted_by_watchdog(errno)) {
      return result;
    }
    if (timeout != nullptr) {
      left = left_until(deadline);
    }
  }
}

COROGUARD_WRAPPER int select(int count, fd_set* read, fd_set* write, fd_set* error, timeval* timeout) {
  if (timeout == nullptr || timeout->tv_sec != 0 || timeout->tv_usec != 0) {
    note_call("select", blocking_category::descriptor_wait);
  }
  watchdog_signal_guard signal;
  while (true) {
    // Linux leaves the time not slept in *timeout, so a retry waits for the rest.
    int result = 0;
    if (auto* function = real_select.get()) {
      result = function(count, read, write, error, timeout);
    } else {
      result = static_cast<int>(::syscall(SYS_select, count, read, write, error, timeout));
    }
    if (result >= 0 || !signal.interrupted_by_watchdog(errno)) {
      return result;
    }
  }
}

COROGUARD_WRAPPER int pselect(int count, fd_set* read, fd_set* write, fd_set* error,
                       const timespec* timeout, const sigset_t* mask) {
  if (!is_zero(timeout)) {
    note_call("pselect", blocking_category::descriptor_wait);
  }
  watchdog_signal_guard signal;
  const auto deadline = timeout != nullptr ? deadline_after(*timeout) : steady_clock::time_point{};
  timespec left = timeout != nullptr ? *timeout : timespec{};
  while (true) {
    int result = 0;
    if (auto* function = real_pselect.get()) {
      result = function(count, read, write, error, timeout != nullptr ? &left : nullptr, mask);
    } else {
      errno = EAGAIN;
      return -1;
    }
    if (result >= 0 || !signal.interrupted_by_watchdog(errno)) {
      return result;
    }
    if (timeout != nullptr) {
      left = left_until(deadline);
    }
  }
}
