// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// Blocking through the project's own functions: reported at the call in the coroutine,
// with one note per hop of the shortest chain.

#include <asio.hpp>
#include <blocking-library-helpers.h>
#include <blocking-project-helpers.h>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>

using asio::awaitable;

std::string read_config(const std::string &Path) {
  std::ifstream In(Path);
  std::string Text;
  In >> Text;
  return Text;
}

std::string load() { return read_config("server.conf"); }

awaitable<void> serve() {
  load();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'load' may block the thread running coroutine 'serve' (it calls 'std::ifstream' via 'read_config'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-5]]:29: note: 'load' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-12]]:17: note: 'read_config' calls 'std::ifstream' here, which does file I/O
  co_return;
}

// The shortest chain wins, whichever call comes first.
void deep3() { usleep(1); }
void deep2() { deep3(); }
void deep1() { deep2(); }
void shallow() { sleep(1); }
void both() {
  deep1();
  shallow();
}

// Between equally short chains, the first call in source order wins.
void first() { sleep(1); }
void second() { usleep(1); }
void tie() {
  second();
  first();
}

// Recursion converges; the answers do not depend on which function is asked first.
void ping(int N);
void pong(int N) {
  if (N > 0)
    ping(N - 1);
  else
    sleep(1);
}
void ping(int N) { pong(N); }
int factorial(int N) { return N <= 1 ? 1 : N * factorial(N - 1); }
void spin_a(int N);
void spin_b(int N) { spin_a(N); }
void spin_a(int N) {
  if (N > 0)
    spin_b(N - 1);
}

awaitable<void> callers() {
  deep1();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'deep1' may block the thread running coroutine 'callers' (it calls 'usleep' via 'deep2', 'deep3'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-35]]:16: note: 'deep1' calls 'deep2' here
  // CHECK-NOTES: :[[@LINE-37]]:16: note: 'deep2' calls 'deep3' here
  // CHECK-NOTES: :[[@LINE-39]]:16: note: 'deep3' calls 'usleep' here, which sleeps
  both();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'both' may block the thread running coroutine 'callers' (it calls 'sleep' via 'shallow'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-36]]:3: note: 'both' calls 'shallow' here
  // CHECK-NOTES: :[[@LINE-40]]:18: note: 'shallow' calls 'sleep' here, which sleeps
  tie();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'tie' may block the thread running coroutine 'callers' (it calls 'usleep' via 'second'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-33]]:3: note: 'tie' calls 'second' here
  // CHECK-NOTES: :[[@LINE-36]]:17: note: 'second' calls 'usleep' here, which sleeps
  ping(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'ping' may block the thread running coroutine 'callers' (it calls 'sleep' via 'pong'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-25]]:20: note: 'ping' calls 'pong' here
  // CHECK-NOTES: :[[@LINE-28]]:5: note: 'pong' calls 'sleep' here, which sleeps
  pong(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'pong' may block the thread running coroutine 'callers' (it calls 'sleep'); every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-31]]:5: note: 'pong' calls 'sleep' here, which sleeps
  factorial(5);
  spin_a(2);
  save_state();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'save_state' may block the thread running coroutine 'callers' (it calls 'fsync' via 'flush_journal'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: {{.*}}blocking-project-helpers.h:6:28: note: 'save_state' calls 'flush_journal' here
  // CHECK-NOTES: {{.*}}blocking-project-helpers.h:5:31: note: 'flush_journal' calls 'fsync' here, which does file I/O
  co_return;
}

// Members, constructors and their initializers.
struct Config {
  explicit Config(const std::string &Path) : Text(read_config(Path)) {}
  void reload() { Text = read_config("server.conf"); }
  std::string Text;
};

awaitable<void> members() {
  Config C("server.conf");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Config' may block the thread running coroutine 'members' (it calls 'std::ifstream' via 'read_config'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-8]]:51: note: 'Config' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-92]]:17: note: 'read_config' calls 'std::ifstream' here, which does file I/O
  C.reload();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Config::reload' may block the thread running coroutine 'members' (it calls 'std::ifstream' via 'read_config'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-11]]:26: note: 'Config::reload' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-96]]:17: note: 'read_config' calls 'std::ifstream' here, which does file I/O
  co_return;
}

// Lambdas the project hands to its own templates run inside them.
template <class F> auto with_retry(F Fn) { return Fn(); }

awaitable<void> lambdas() {
  with_retry([] { return read_config("server.conf"); });
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'with_retry' may block the thread running coroutine 'lambdas' (it calls 'std::ifstream' via 'lambda', 'read_config'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-5]]:51: note: 'with_retry' calls 'lambda' here
  // CHECK-NOTES: :[[@LINE-3]]:26: note: 'lambda' calls 'read_config' here
  // CHECK-NOTES: :[[@LINE-108]]:17: note: 'read_config' calls 'std::ifstream' here, which does file I/O
  // Called in place: reported inside the lambda, not again at the call.
  auto Step = [] { sleep(1); };
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'sleep' blocks the thread running coroutine 'lambdas'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  Step();
  co_return;
}

// Not followed: library code, functions without a body, task coroutines (reported
// on their own), work handed to another thread.
void declared_only();
void start_worker() {
  std::thread([] { sleep(1); }).detach();
}
awaitable<void> blocking_task() {
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'blocking_task'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

awaitable<void> not_followed() {
  library_helper_that_sleeps();
  declared_only();
  start_worker();
  co_await blocking_task();
  co_return;
}

// Only coroutines are reported.
void plain() { load(); }
