// wrong-thread: loop_affinity::check() called off the loop's thread.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "coroguard/debug.hpp"
#include "coroguard/loop_affinity.hpp"
#include "runtime_test.hpp"

using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

namespace {

// The smallest loop with a non-thread-safe method.
class test_loop {
 public:
  void enter() { affinity_.bind_to_current_thread(); }
  void leave() { affinity_.unbind(); }
  [[gnu::noinline]] void call_soon() { affinity_.check("call_soon"); }

 private:
  coroguard::loop_affinity affinity_;
};

// Counting the calls keeps call_soon() from being a tail call, which would leave no return
// address in the caller to report.
int call_from_another_thread(test_loop& loop) {
  int calls = 0;
  std::thread other{[&loop, &calls] {
    loop.call_soon();
    ++calls;
  }};
  other.join();
  return calls;
}

}  // namespace

using loop_affinity_test = coroguard::test::runtime_test;

TEST_F(loop_affinity_test, reports_a_call_from_another_thread) {
  coroguard::set_debug(true);
  test_loop loop;
  loop.enter();
  call_from_another_thread(loop);
  ASSERT_THAT(reports_, SizeIs(1));
  const coroguard::report& r = reports_[0];
  EXPECT_EQ(r.kind, coroguard::report_kind::wrong_thread);
  EXPECT_EQ(r.message,
            "'call_soon' called from thread 2 but the loop runs on thread 1; non-threadsafe loop "
            "methods must be called on the loop thread — use a thread-safe post");
  ASSERT_THAT(r.frames, SizeIs(2));
  EXPECT_THAT(r.frames[0],
              StartsWith("(anonymous namespace)::test_loop::call_soon() (loop_affinity_test.cpp:"));
  EXPECT_THAT(r.frames[1], HasSubstr("call_from_another_thread"));
  EXPECT_EQ(r.site, r.frames[1]);
}

TEST_F(loop_affinity_test, calls_on_the_loop_thread_are_fine) {
  coroguard::set_debug(true);
  test_loop loop;
  loop.enter();
  loop.call_soon();
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(loop_affinity_test, any_thread_may_call_while_the_loop_is_not_running) {
  coroguard::set_debug(true);
  test_loop loop;
  call_from_another_thread(loop);
  loop.enter();
  loop.leave();
  call_from_another_thread(loop);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(loop_affinity_test, a_thread_keeps_its_number_across_reports) {
  coroguard::set_debug(true);
  test_loop first;
  test_loop second;
  first.enter();
  second.enter();
  std::thread other{[&] {
    first.call_soon();
    second.call_soon();
  }};
  other.join();
  ASSERT_THAT(reports_, SizeIs(2));
  EXPECT_EQ(reports_[0].message, reports_[1].message);
  EXPECT_THAT(reports_[0].message,
              StartsWith("'call_soon' called from thread 2 but the loop runs on thread 1;"));
}

TEST_F(loop_affinity_test, debug_mode_off_reports_nothing) {
  coroguard::set_debug(false);
  test_loop loop;
  loop.enter();
  call_from_another_thread(loop);
  EXPECT_THAT(reports_, SizeIs(0));
}
