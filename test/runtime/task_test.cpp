// coroguard::task as a task type, and what debug mode reports about tasks: never-awaited,
// exception-never-retrieved, destroyed-pending.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "coroguard/config.hpp"
#include "coroguard/debug.hpp"
#include "coroguard/promise_tracking.hpp"
#include "coroguard/task.hpp"
#include "runtime_test.hpp"

using coroguard::report_kind;
using coroguard::task;
using coroguard::test::run;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// Coroutines are file-level functions so that reports name them plainly.
constexpr int fetch_user_line = __LINE__ + 1;
static task<int> fetch_user(int id) { co_return id * 2; }

static task<int> add_users(int first, int second) {
  co_return co_await fetch_user(first) + co_await fetch_user(second);
}

static task<std::unique_ptr<int>> make_unique_value(int value) {
  co_return std::make_unique<int>(value);
}

static task<> parse_header() {
  throw std::runtime_error("bad header");
  co_return;
}

static task<> throw_int() {
  throw 42;
  co_return;
}

static task<> parse_or_default(bool& recovered) {
  try {
    co_await parse_header();
  } catch (const std::runtime_error&) {
    recovered = true;
  }
}

static task<int> depth(int levels) { co_return levels == 0 ? 0 : 1 + co_await depth(levels - 1); }

static task<> wait_forever() { co_await std::suspend_always{}; }

namespace app {

static task<int> load(int id) { co_return id; }

struct repository {
  task<int> find(int id) const { co_return id + offset; }
  int offset = 0;
};

template <class T>
task<T> echo(T value) {
  co_return value;
}

}  // namespace app

using task_test = coroguard::test::runtime_test;

TEST_F(task_test, awaiting_yields_the_value) {
  coroguard::set_debug(true);
  EXPECT_EQ(run(add_users(1, 2)), 6);
  EXPECT_EQ(*run(make_unique_value(7)), 7);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(task_test, awaiting_rethrows_the_exception) {
  coroguard::set_debug(true);
  bool recovered = false;
  run(parse_or_default(recovered));
  EXPECT_TRUE(recovered);
  EXPECT_THROW(run(parse_header()), std::runtime_error);
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(task_test, symmetric_transfer_keeps_deep_chains_off_the_stack) {
  EXPECT_EQ(run(depth(1'000'000)), 1'000'000);
}

TEST_F(task_test, never_awaited_names_the_task_and_where_it_was_created) {
  coroguard::set_debug(true);
  // NOLINTNEXTLINE(coroguard-forgotten-await): never awaited on purpose
  { auto unused = fetch_user(1); } const int created_line = __LINE__;
  ASSERT_THAT(reports_, SizeIs(1));
  const coroguard::report& r = reports_[0];
  EXPECT_EQ(r.kind, report_kind::never_awaited);
  EXPECT_EQ(r.message,
            "task 'fetch_user' was destroyed without being awaited; it never ran — co_await it");
  const std::string created_at = "(task_test.cpp:" + std::to_string(created_line) + ")";
  ASSERT_THAT(r.frames, SizeIs(2));
  EXPECT_EQ(r.frames[0], "fetch_user(int) (task_test.cpp:" + std::to_string(fetch_user_line) + ")");
  EXPECT_THAT(r.frames[1], HasSubstr("TestBody() " + created_at));
  EXPECT_EQ(r.site, r.frames[1]);
  EXPECT_EQ(r.suppressed, 0U);
  EXPECT_EQ(printed()[0], "coroguard: never-awaited: " + r.message + "\n    at " + r.frames[0] +
                              "\n    at " + r.frames[1] + "\n");
}

TEST_F(task_test, exception_never_retrieved_describes_the_exception) {
  coroguard::set_debug(true);
  {
    const task<> failed = parse_header();
    failed.handle().resume();
    ASSERT_TRUE(failed.done());
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].kind, report_kind::exception_never_retrieved);
  EXPECT_EQ(reports_[0].message,
            "task 'parse_header' finished with an exception nobody retrieved: "
            "std::runtime_error: bad header");
  EXPECT_THAT(reports_[0].frames[0], StartsWith("parse_header() (task_test.cpp:"));
}

TEST_F(task_test, exception_of_any_type_is_described_by_its_type) {
  coroguard::set_debug(true);
  {
    const task<> failed = throw_int();
    failed.handle().resume();
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].message,
            "task 'throw_int' finished with an exception nobody retrieved: int");
}

TEST_F(task_test, retrieving_the_exception_through_result_counts) {
  coroguard::set_debug(true);
  task<> failed = parse_header();
  failed.handle().resume();
  EXPECT_THROW(failed.result(), std::runtime_error);
  { const task<> destroyed = std::move(failed); }
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(task_test, destroyed_pending_when_destroyed_while_suspended) {
  coroguard::set_debug(true);
  {
    const task<> pending = wait_forever();
    pending.handle().resume();
    ASSERT_FALSE(pending.done());
  }
  ASSERT_THAT(reports_, SizeIs(1));
  EXPECT_EQ(reports_[0].kind, report_kind::destroyed_pending);
  EXPECT_EQ(reports_[0].message,
            "task 'wait_forever' was destroyed while suspended; it started but never finished — "
            "keep it alive until it completes");
  EXPECT_THAT(reports_[0].frames[0], StartsWith("wait_forever() (task_test.cpp:"));
}

TEST_F(task_test, a_finished_task_whose_value_was_not_read_is_fine) {
  coroguard::set_debug(true);
  {
    const task<int> finished = fetch_user(1);
    finished.handle().resume();
  }
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(task_test, names_keep_namespaces_and_classes) {
  coroguard::set_debug(true);
  {
    auto loaded = app::load(1);  // NOLINT(coroguard-forgotten-await): never awaited on purpose
    const app::repository repository;
    auto found = repository.find(2);  // NOLINT(coroguard-forgotten-await): never awaited on purpose
    auto echoed = app::echo(3.0);  // NOLINT(coroguard-forgotten-await): never awaited on purpose
    // NOLINTNEXTLINE(coroguard-forgotten-await): never awaited on purpose
    auto lambda = [](int id) -> task<int> { co_return id; }(4);
  }
  ASSERT_THAT(reports_, SizeIs(4));
  // Destroyed in reverse order of creation.
  EXPECT_THAT(reports_[0].message, StartsWith("task '"));
  EXPECT_THAT(reports_[0].message, HasSubstr("(lambda)::operator()' was destroyed"));
  EXPECT_THAT(reports_[1].message, StartsWith("task 'app::echo' was destroyed"));
  EXPECT_THAT(reports_[2].message, StartsWith("task 'app::repository::find' was destroyed"));
  EXPECT_THAT(reports_[3].message, StartsWith("task 'app::load' was destroyed"));
}

TEST_F(task_test, tasks_created_with_debug_mode_off_are_not_tracked) {
  coroguard::set_debug(false);
  auto created_while_off = fetch_user(1);
  coroguard::set_debug(true);
  { const auto destroyed = std::move(created_while_off); }
  EXPECT_THAT(reports_, SizeIs(0));
}

TEST_F(task_test, traceback_reports_the_whole_creation_stack) {
  set_environment("COROGUARD_TRACEBACK", "1");
  coroguard::set_debug(true);
  { auto unused = fetch_user(1); }  // NOLINT(coroguard-forgotten-await): never awaited on purpose
  ASSERT_THAT(reports_, SizeIs(1));
  const std::vector<std::string>& frames = reports_[0].frames;
  ASSERT_GT(frames.size(), 3U);
  EXPECT_THAT(frames[0], StartsWith("fetch_user(int) (task_test.cpp:"));
  EXPECT_THAT(frames[1], HasSubstr("TestBody() (task_test.cpp:"));
  // The stack ends at main: the C library's start-up frames below it are left out.
  EXPECT_THAT(frames.back(), StartsWith("main "));
}

TEST_F(task_test, tracking_adds_a_small_fixed_amount_to_the_frame) {
  // The exception slot is what any task needs; the rest is tracking.
  EXPECT_LE(sizeof(coroguard::promise_tracking) - sizeof(std::exception_ptr), 32U);
}

// Another task type opting in through the mixin, as a library would: its owner runs it to the end
// and checks the outcome explicitly.
namespace {

class job {
 public:
  struct promise_type : coroguard::promise_tracking {
    job get_return_object() { return job{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always final_suspend() noexcept {
      mark_finished();
      return {};
    }
    void return_void() {}
    void check() { rethrow_if_exception(); }
  };

  explicit job(std::coroutine_handle<promise_type> coroutine) : coroutine_(coroutine) {}
  job(const job&) = delete;
  job& operator=(const job&) = delete;
  ~job() { coroutine_.destroy(); }

  void run_to_end() { coroutine_.resume(); }
  void check() { coroutine_.promise().check(); }

 private:
  std::coroutine_handle<promise_type> coroutine_;
};

job nightly_backup() {
  throw std::runtime_error("disk full");
  co_return;
}

job compact_database() { co_return; }

}  // namespace

TEST_F(task_test, other_task_types_opt_in_through_the_promise_mixin) {
  coroguard::set_debug(true);
  { const job never_run = compact_database(); }
  {
    job failed = nightly_backup();
    failed.run_to_end();
  }
  {
    job checked = nightly_backup();
    checked.run_to_end();
    EXPECT_THROW(checked.check(), std::runtime_error);
  }
  ASSERT_THAT(reports_, SizeIs(2));
  EXPECT_EQ(reports_[0].message,
            "task '(anonymous namespace)::compact_database' was destroyed without being awaited; "
            "it never ran — co_await it");
  EXPECT_EQ(reports_[1].message,
            "task '(anonymous namespace)::nightly_backup' finished with an exception nobody "
            "retrieved: std::runtime_error: disk full");
}

static void forget_a_task_on_stderr() {
  coroguard::set_report_sink({});
  coroguard::set_debug(true);
  const auto unused = fetch_user(1);  // NOLINT(coroguard-forgotten-await): never awaited on purpose
}

TEST_F(task_test, strict_mode_aborts_on_the_first_report) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  set_environment("COROGUARD_STRICT", "1");
  EXPECT_DEATH(forget_a_task_on_stderr(),
               "coroguard: never-awaited: task 'fetch_user' was destroyed without being awaited");
}
