// RUN: %check_coroguard_tidy -check-suffix=DEFAULT %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-blocking-call %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     coroguard-blocking-call.BlockingFunctions: 'db::query=use co_await db::async_query(...);db::Connection::commit', \
// RUN:     coroguard-blocking-call.AllowedFunctions: 'usleep;std::filesystem::.*;legacy::.*', \
// RUN:     OffloadFunctions: 'jobs::run_detached', \
// RUN:     coroguard-blocking-call.ExecutorSwitches: 'jobs::to_background', \
// RUN:     coroguard-blocking-call.MaxDepth: 2}}" \
// RUN:   -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=NO-CHAINS %s coroguard-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {coroguard-blocking-call.MaxDepth: 0}}" -- %asio_flags -I %inputs

// BlockingFunctions adds entries (optionally 'name=suggestion'), AllowedFunctions removes
// catalog entries and project functions, OffloadFunctions and ExecutorSwitches are
// shared with coroguard-cross-thread-call (read locally or globally), MaxDepth bounds
// the chains (0: direct calls only).

#include <asio.hpp>
#include <blocking-libs.h>
#include <filesystem>
#include <unistd.h>

using asio::awaitable;

namespace db {
void query(const char *Sql);
struct Connection {
  void commit();
};
} // namespace db

namespace legacy {
inline void sync_flush() { fsync(3); }
} // namespace legacy

namespace jobs {
extern bool HasWorkers;
// Runs the job on a worker; inline when there is none.
template <class F> void run_detached(F Job) {
  if (!HasWorkers)
    Job();
}
schedule_operation to_background();
} // namespace jobs

void depth3() { sleep(1); }
void depth2() { depth3(); }
void depth1() { depth2(); }

awaitable<void> configured(db::Connection &Conn) {
  db::query("select 1");
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:3: warning: 'db::query' blocks the thread running coroutine 'configured'; every other task on it stalls — use co_await db::async_query(...) [coroguard-blocking-call]
  Conn.commit();
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:8: warning: 'db::Connection::commit' blocks the thread running coroutine 'configured'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  usleep(10);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'configured'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-MESSAGES-NO-CHAINS: :[[@LINE-2]]:3: warning: 'usleep' blocks the thread running coroutine 'configured'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  std::filesystem::exists("data");
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'std::filesystem::exists' blocks the thread running coroutine 'configured'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-MESSAGES-NO-CHAINS: :[[@LINE-2]]:3: warning: 'std::filesystem::exists' blocks the thread running coroutine 'configured'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  legacy::sync_flush();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'legacy::sync_flush' may block the thread running coroutine 'configured' (it calls 'fsync'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  depth1();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'depth1' may block the thread running coroutine 'configured' (it calls 'sleep' via 'depth2', 'depth3'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  depth2();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'depth2' may block the thread running coroutine 'configured' (it calls 'sleep' via 'depth3'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-2]]:3: warning: 'depth2' may block the thread running coroutine 'configured' (it calls 'sleep' via 'depth3'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  jobs::run_detached([] { sleep(1); });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'jobs::run_detached' may block the thread running coroutine 'configured' (it calls 'sleep' via 'lambda'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

task switched() {
  co_await jobs::to_background();
  sleep(1);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'switched'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-MESSAGES-NO-CHAINS: :[[@LINE-2]]:3: warning: 'sleep' blocks the thread running coroutine 'switched'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
}
