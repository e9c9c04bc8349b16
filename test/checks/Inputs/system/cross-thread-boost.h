// A stand-in for the parts of Boost.Thread and Boost.Asio the cross-thread-call tests
// use (Boost is not installed on the test machines): the catalog matches Boost.Asio's
// classes under their 'asio::' names, and boost::thread as a thread start.
#pragma once

#include <chrono>
#include <utility>

namespace boost {

class thread {
public:
  thread() noexcept = default;
  template <class F, class... Args> explicit thread(F &&f, Args &&...args) {
    (void)sizeof(f);
    (void)sizeof...(args);
  }
  void join() {}
  void detach() {}
};

namespace asio {

class io_context {
public:
  class executor_type {};
  executor_type get_executor() noexcept { return {}; }
  unsigned long run() { return 0; }
  void stop() {}
  void restart() {}
};

template <class Clock> class basic_waitable_timer {
public:
  using executor_type = io_context::executor_type;
  explicit basic_waitable_timer(io_context &) {}
  executor_type get_executor() noexcept { return {}; }
  std::size_t cancel() { return 0; }
  std::size_t expires_after(typename Clock::duration) { return 0; }
};

using steady_timer = basic_waitable_timer<std::chrono::steady_clock>;

template <class Executor, class Handler> void post(const Executor &, Handler &&) {}

} // namespace asio
} // namespace boost
