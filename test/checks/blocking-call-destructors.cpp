// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- -I %inputs

// Destructors are calls too: a local whose destructor blocks is reported at its declaration,
// with a note per hop down to the blocking call.

#include "task.h"
#include <thread>
#include <unistd.h>

// Joins its worker when it goes out of scope.
struct scoped_worker {
  explicit scoped_worker(int Id);
  ~scoped_worker() { Worker.join(); }
  std::thread Worker;
};

void flush_log();
struct log_flusher {
  ~log_flusher() { flush(); }
  void flush() { usleep(100); }
};

struct plain {
  ~plain() {}
};

lazy::task<> reported() {
  scoped_worker Worker{1};
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'scoped_worker::~scoped_worker' may block the thread running coroutine 'reported' (it calls 'std::thread::join'); every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-17]]:29: note: 'scoped_worker::~scoped_worker' calls 'std::thread::join' here, which waits synchronously
  {
    log_flusher Flusher;
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'log_flusher::~log_flusher' may block the thread running coroutine 'reported' (it calls 'usleep' via 'log_flusher::flush'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
    // CHECK-NOTES: :[[@LINE-15]]:20: note: 'log_flusher::~log_flusher' calls 'log_flusher::flush' here
    // CHECK-NOTES: :[[@LINE-15]]:18: note: 'log_flusher::flush' calls 'usleep' here, which sleeps
  }
  co_return;
}

// Through a helper that owns such a local.
void helper() { log_flusher Flusher; }

lazy::task<> through_a_helper() {
  helper();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'helper' may block the thread running coroutine 'through_a_helper' (it calls 'usleep' via 'log_flusher::~log_flusher', 'log_flusher::flush'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-5]]:29: note: 'helper' calls 'log_flusher::~log_flusher' here
  // CHECK-NOTES: :[[@LINE-28]]:20: note: 'log_flusher::~log_flusher' calls 'log_flusher::flush' here
  // CHECK-NOTES: :[[@LINE-28]]:18: note: 'log_flusher::flush' calls 'usleep' here, which sleeps
  co_return;
}

lazy::task<> not_reported() {
  plain Nothing;
  // References and pointers destroy nothing.
  scoped_worker *Pointer = nullptr;
  const log_flusher &Borrowed = log_flusher{};
  co_return;
}
