// The test programs are written once, against `net` (standalone Asio, or Boost.Asio with
// -DCOROGUARD_TEST_BOOST), as unmodified Asio programs: nothing of coroguard is included.
#pragma once

#if defined(COROGUARD_TEST_BOOST)
#include <boost/asio.hpp>
namespace net = boost::asio;
using error_code = boost::system::error_code;
#else
#include <asio.hpp>
namespace net = asio;
using error_code = std::error_code;
#endif

#include <unistd.h>

#include <chrono>
#include <cstring>

// A line on stderr, written at once, to order the program's progress among coroguard's reports.
inline void say(const char* line) {
  const std::size_t length = std::strlen(line);
  static_cast<void>(::write(STDERR_FILENO, line, length));
  static_cast<void>(::write(STDERR_FILENO, "\n", 1));
}

// Busy for `duration` of this thread's CPU time.
inline void burn_cpu(std::chrono::milliseconds duration) {
  timespec start{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
  while (true) {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    const auto spent = std::chrono::seconds{now.tv_sec - start.tv_sec} +
                       std::chrono::nanoseconds{now.tv_nsec - start.tv_nsec};
    if (spent >= duration) {
      return;
    }
  }
}
