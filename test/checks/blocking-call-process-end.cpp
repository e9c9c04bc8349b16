// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// A blocking call on a path that ends the process stalls nothing worth reporting: what
// follows it on every path is exit, abort, std::terminate or a [[noreturn]] function that
// ends the process. Reduced from a logger whose fatal level dumps the stack with popen and
// then calls std::exit: every log call in every coroutine used to be reported through it.

#include "task.h"
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <unistd.h>

enum class level { info, warn, fatal };

void dump_stack() {
  FILE *Pipe = popen("gdb -batch -p 1", "r");
  pclose(Pipe);
}

void log(level Level, const char *Message) {
  if (Level == level::fatal) {
    dump_stack();
    std::exit(1);
  }
  std::fputs(Message, stderr);
}

[[noreturn]] void die(const char *Message) {
  dump_stack();
  std::abort();
}

// Known only by its declaration, not named as a thrower: it ends the process.
[[noreturn]] void crash_handler();

// A loop that can only leave by ending the process.
void dump_and_abort(int Frames) {
  for (int I = 0; I < Frames; ++I)
    dump_stack();
  abort();
}

lazy::task<> not_reported(bool Broken) {
  log(level::info, "serving");
  if (Broken)
    die("broken");
  dump_and_abort(3);
  if (Broken) {
    usleep(100);
    std::terminate();
  }
  if (Broken) {
    sleep(1);
    crash_handler();
  }
  co_return;
}

// --- Next to them, what still blocks ----------------------------------------------------

// A [[noreturn]] function that throws returns by unwinding: the program goes on.
[[noreturn]] void fail(const char *Message) {
  sleep(1);
  throw std::runtime_error(Message);
}

// Known only by its declaration, named as a thrower.
[[noreturn]] void throw_config_error();

// Only one path ends the process.
void sleep_then_maybe_exit(bool Broken) {
  usleep(1);
  if (Broken)
    exit(1);
}

void exit_first(bool Broken) {
  if (Broken)
    exit(1);
  usleep(1);
}

// A loop that never leaves never reaches an exit.
void spin() {
  for (;;)
    sleep(1);
}

// A logger's level that does not end the process.
void log_to_disk(level Level, const char *Message) {
  if (Level == level::warn) {
    dump_stack();
    return;
  }
  if (Level == level::fatal)
    std::exit(1);
}

lazy::task<> reported(bool Broken) {
  fail("x");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fail' may block the thread running coroutine 'reported' (it calls 'sleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-39]]:3: note: 'fail' calls 'sleep' here, which sleeps
  sleep_then_maybe_exit(Broken);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'sleep_then_maybe_exit' may block the thread running coroutine 'reported' (it calls 'usleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-33]]:3: note: 'sleep_then_maybe_exit' calls 'usleep' here, which sleeps
  exit_first(Broken);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'exit_first' may block the thread running coroutine 'reported' (it calls 'usleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-28]]:3: note: 'exit_first' calls 'usleep' here, which sleeps
  spin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'spin' may block the thread running coroutine 'reported' (it calls 'sleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-25]]:5: note: 'spin' calls 'sleep' here, which sleeps
  log_to_disk(level::warn, "slow disk");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'log_to_disk' may block the thread running coroutine 'reported' (it calls 'popen' via 'dump_stack'); every other task on it stalls — {{.*}} [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-22]]:5: note: 'log_to_disk' calls 'dump_stack' here
  // CHECK-NOTES: :[[@LINE-99]]:16: note: 'dump_stack' calls 'popen' here, which {{.*}}
  if (Broken) {
    sleep(1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'sleep' blocks the thread running coroutine 'reported'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    throw_config_error();
  }
  co_return;
}
