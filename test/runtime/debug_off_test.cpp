// Debug mode off means off: nothing reported, nothing allocated beyond the coroutine frames an
// untracked program allocates too. A separate test binary, because it replaces operator new.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>

#include "coroguard/callback_scope.hpp"
#include "coroguard/debug.hpp"
#include "coroguard/detail/testing.hpp"
#include "coroguard/loop_affinity.hpp"
#include "coroguard/task.hpp"
#include "runtime_test.hpp"

namespace {

constinit std::atomic<bool> counting{false};
constinit std::atomic<long> allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) {
    allocations.fetch_add(1, std::memory_order_relaxed);
  }
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc{};
}

void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept { std::free(memory); }

namespace {

using namespace std::chrono_literals;
using coroguard::task;

// Out of line, so that the compiler cannot elide the frame allocations being counted.
[[gnu::noinline]] task<int> leaf(int value) { co_return value; }

[[gnu::noinline]] task<int> sum_of_leaves(int count) {
  int sum = 0;
  for (int i = 0; i < count; ++i) {
    sum += co_await leaf(i);
  }
  co_return sum;
}

// Throws an int: a std::runtime_error would allocate its message with operator new.
[[gnu::noinline]] task<> failing() {
  throw 42;
  co_return;
}

// Counts the allocations `work` makes.
template <class Work>
long allocations_during(Work&& work) {
  allocations.store(0);
  counting.store(true);
  work();
  counting.store(false);
  return allocations.load();
}

class debug_off_test : public coroguard::test::runtime_test {
 protected:
  void SetUp() override {
    runtime_test::SetUp();
    // The stderr sink, so that anything printed would show.
    coroguard::set_report_sink({});
    ::testing::internal::CaptureStderr();
  }
  void TearDown() override {
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    runtime_test::TearDown();
  }
};

TEST_F(debug_off_test, tasks_allocate_only_their_frames) {
  constexpr int count = 1000;
  // The first use reads the environment too: COROGUARD_DEBUG is unset.
  const long awaited = allocations_during([] {
    task<int> all = sum_of_leaves(count);
    all.handle().resume();
    EXPECT_EQ(all.result(), count * (count - 1) / 2);
  });
  EXPECT_EQ(awaited, count + 1);
  EXPECT_FALSE(coroguard::debug_enabled());

  const long never_awaited = allocations_during([] {
    for (int i = 0; i < count; ++i) {
      // NOLINTNEXTLINE(coroguard-forgotten-await): never awaited on purpose
      const task<int> unused = leaf(i);
    }
  });
  EXPECT_EQ(never_awaited, count);
}

TEST_F(debug_off_test, exceptions_never_retrieved_allocate_nothing_more) {
  task<> failed = failing();
  const long allocated = allocations_during([&failed] {
    failed.handle().resume();
    const task<> destroyed = std::move(failed);
  });
  EXPECT_EQ(allocated, 0);
}

TEST_F(debug_off_test, slow_callbacks_allocate_nothing) {
  const long allocated = allocations_during([] {
    const coroguard::callback_scope scope{"on_read"};
    coroguard::detail::testing::advance_clock(1s);
  });
  EXPECT_EQ(allocated, 0);
}

TEST_F(debug_off_test, wrong_thread_calls_allocate_nothing) {
  coroguard::loop_affinity affinity;
  affinity.bind_to_current_thread();
  long allocated = -1;
  std::thread other{[&] {
    allocated = allocations_during([&affinity] { affinity.check("call_soon"); });
  }};
  other.join();
  EXPECT_EQ(allocated, 0);
}

}  // namespace
