// Sleeps: sleep, usleep, nanosleep, clock_nanosleep. A sleep the watchdog's signal interrupts
// sleeps on for the rest of its time.
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"
#include "preload/watchdog_signal.hpp"

namespace coroguard::preload {
namespace {

using detail::blocking_category;

constinit real_function<int (*)(const timespec*, timespec*)> real_nanosleep{"nanosleep"};
constinit real_function<int (*)(clockid_t, int, const timespec*, timespec*)> real_clock_nanosleep{
    "clock_nanosleep"};

bool is_zero(const timespec& duration) noexcept {
  return duration.tv_sec == 0 && duration.tv_nsec == 0;
}

int nanosleep_once(const timespec* request, timespec* remaining) noexcept {
  if (auto* function = real_nanosleep.get()) {
    return function(request, remaining);
  }
  return static_cast<int>(::syscall(SYS_nanosleep, request, remaining));
}

// nanosleep, resumed after the watchdog's signal.
int sleep_for(timespec request, timespec* remaining) noexcept {
  watchdog_signal_guard signal;
  timespec left{};
  while (true) {
    const int result = nanosleep_once(&request, &left);
    if (result == 0 || !signal.interrupted_by_watchdog(errno)) {
      if (result != 0 && remaining != nullptr) {
        *remaining = left;
      }
      return result;
    }
    request = left;
  }
}

}  // namespace
}  // namespace coroguard::preload

using coroguard::detail::blocking_category;
using coroguard::preload::note_call;

COROGUARD_WRAPPER int nanosleep(const timespec* request, timespec* remaining) {
  if (request == nullptr) {
    return coroguard::preload::nanosleep_once(request, remaining);
  }
  if (!coroguard::preload::is_zero(*request)) {
    note_call("nanosleep", blocking_category::sleep);
  }
  return coroguard::preload::sleep_for(*request, remaining);
}

COROGUARD_WRAPPER int usleep(useconds_t microseconds) {
  if (microseconds != 0) {
    note_call("usleep", blocking_category::sleep);
  }
  constexpr useconds_t per_second = 1000000;
  const timespec request{.tv_sec = static_cast<time_t>(microseconds / per_second),
                         .tv_nsec = static_cast<long>(microseconds % per_second) * 1000};
  return coroguard::preload::sleep_for(request, nullptr);
}

COROGUARD_WRAPPER unsigned int sleep(unsigned int seconds) {
  if (seconds != 0) {
    note_call("sleep", blocking_category::sleep);
  }
  const timespec request{.tv_sec = static_cast<time_t>(seconds), .tv_nsec = 0};
  timespec left{};
  if (coroguard::preload::sleep_for(request, &left) == 0) {
    return 0;
  }
  // Interrupted by the program's own signal: the seconds left, rounded up, as sleep() says.
  return static_cast<unsigned int>(left.tv_sec) + (left.tv_nsec > 0 ? 1U : 0U);
}

COROGUARD_WRAPPER int clock_nanosleep(clockid_t clock, int flags, const timespec* request,
                               timespec* remaining) {
  if (request != nullptr && ((flags & TIMER_ABSTIME) != 0 || !coroguard::preload::is_zero(*request))) {
    note_call("clock_nanosleep", blocking_category::sleep);
  }
  coroguard::preload::watchdog_signal_guard signal;
  timespec next = request != nullptr ? *request : timespec{};
  timespec left{};
  while (true) {
    int result = 0;
    if (auto* function = coroguard::preload::real_clock_nanosleep.get()) {
      result = function(clock, flags, request != nullptr ? &next : nullptr, &left);
    } else {
      result = ::syscall(SYS_clock_nanosleep, clock, flags, request != nullptr ? &next : nullptr,
                         &left) == 0
                   ? 0
                   : errno;
    }
    // clock_nanosleep returns the error instead of setting errno.
    if (result == 0 || !signal.interrupted_by_watchdog(result)) {
      if (result == EINTR && remaining != nullptr && (flags & TIMER_ABSTIME) == 0) {
        *remaining = left;
      }
      return result;
    }
    // An absolute deadline stays; a relative sleep goes on for what is left.
    if ((flags & TIMER_ABSTIME) == 0) {
      next = left;
    }
  }
}
