// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// A coroutine template is read as its instantiations are: a switch to a pool in a template
// whose return type depends on a template parameter moves the code after it off the loop,
// as it does in the non-template twin.

#include "task.h"
#include <unistd.h>

namespace cppcoro {
struct static_thread_pool {
  struct schedule_operation {
    bool await_ready() noexcept;
    void await_suspend(std::coroutine_handle<>) noexcept;
    void await_resume() noexcept;
  };
  schedule_operation schedule();
};
} // namespace cppcoro

template <class T> lazy::task<T> on_pool(cppcoro::static_thread_pool &Pool) {
  co_await Pool.schedule();
  sleep(1);
  co_return T{};
}

lazy::task<int> on_pool_twin(cppcoro::static_thread_pool &Pool) {
  co_await Pool.schedule();
  sleep(1);
  co_return 1;
}

// Before the switch, the template's code is on the loop: reported once, whatever the
// instantiations.
template <class T> lazy::task<T> before_the_switch(cppcoro::static_thread_pool &Pool) {
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'before_the_switch'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  co_await Pool.schedule();
  co_return T{};
}

lazy::task<> use(cppcoro::static_thread_pool &Pool) {
  co_await on_pool<int>(Pool);
  co_await on_pool<long>(Pool);
  co_await before_the_switch<int>(Pool);
  co_await before_the_switch<char>(Pool);
}
