// blocking-call: the C library's blocking calls made while a loop thread runs a callback, caught
// by the interposer tools/coroguard-run preloads. Each report names the call and the callback,
// says what it blocks on and what to do, and shows where it was made. On the loop, slow-callback
// and stall reports are slow_callback.cpp's and stall.cpp's: their thresholds are out of the way
// here, so a loaded machine that stretches a callback cannot add one.

// RUN: %build-standalone -o %t.standalone
// RUN: %build-boost -o %t.boost
// RUN: env COROGUARD_SLOW_CALLBACK_MS=60000 COROGUARD_STALL_MS=60000 %coroguard-run %t.standalone on-the-loop > %t.loop.out 2>&1
// RUN: FileCheck %s --check-prefix=LOOP --input-file=%t.loop.out --implicit-check-not=coroguard:
// RUN: grep -qx 'loop done' %t.loop.out
// RUN: env COROGUARD_SLOW_CALLBACK_MS=60000 COROGUARD_STALL_MS=60000 %coroguard-run %t.boost on-the-loop > %t.loop-boost.out 2>&1
// RUN: FileCheck %s --check-prefix=LOOP --input-file=%t.loop-boost.out --implicit-check-not=coroguard:

// LOOP:      coroguard: blocking-call: 'usleep' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (a sleep); every other callback on its loop waits — use a timer: co_await timer.async_wait(asio::use_awaitable)
// LOOP-NEXT:     at naps() (blocking.cpp:[[#NAPS:]])
// LOOP:      coroguard: blocking-call: 'read' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (file I/O); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// LOOP-NEXT:     at loads_settings() (blocking.cpp:[[#]])
// LOOP:      coroguard: blocking-call: 'write' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (file I/O); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// LOOP-NEXT:     at saves_settings(int) (disk.hpp:{{5|6}})
// LOOP:      coroguard: blocking-call: 'fsync' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (a flush to disk); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// LOOP-NEXT:     at saves_settings(int) (disk.hpp:{{5|6}})
// LOOP:      coroguard: blocking-call: 'pthread_mutex_lock' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (waiting for a mutex another thread holds); every other callback on its loop waits — keep the other thread's critical section short, or serialize with a strand instead of a mutex
// LOOP-NEXT:     at takes_the_lock(std::mutex&) (blocking.cpp:[[#]])
// LOOP:      coroguard: blocking-call: 'pthread_join' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (waiting for a thread to finish); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// LOOP-NEXT:     at waits_for_a_thread() (blocking.cpp:[[#]])
// LOOP:      coroguard: blocking-call: 'getaddrinfo' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (a DNS lookup); every other callback on its loop waits — use resolver.async_resolve(...)
// LOOP:      coroguard: blocking-call: 'recv' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (I/O on a socket in blocking mode); every other callback on its loop waits — use the socket's async_* operations
// LOOP-NEXT:     at reads_a_blocking_socket(int) (blocking.cpp:[[#]])
// LOOP:      coroguard: blocking-call: 'poll' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (waiting on file descriptors); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// LOOP-NEXT:     at waits_on_a_pipe(int) (blocking.cpp:[[#]])
// LOOP:      coroguard: blocking-call: 'waitpid' blocks the thread running callback 'lambda at blocking.cpp:[[#]]' (waiting for a child process); every other callback on its loop waits — run it on a thread pool: co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))
// A site is reported once (then once per 10 s); what was held back is summarized at exit.
// LOOP:      coroguard: blocking-call: suppressed 1 more at 'read' at loads_settings() (blocking.cpp:[[#]])

// Not reported: the same calls on a thread that runs no loop, on the loop's thread before the
// loop runs a callback, in a thread pool's handlers, on non-blocking descriptors and on
// stdout/stderr; nor Asio's own locking with two threads running the loop.
// RUN: %coroguard-run %t.standalone elsewhere 2>&1 | FileCheck %s --check-prefix=ELSEWHERE --implicit-check-not=coroguard:
// RUN: %coroguard-run %t.boost elsewhere 2>&1 | FileCheck %s --check-prefix=ELSEWHERE --implicit-check-not=coroguard:
// ELSEWHERE: elsewhere done

// COROGUARD_ALLOW_BLOCKING: by function, by a function on the stack, by file:line.
// RUN: env COROGUARD_SLOW_CALLBACK_MS=60000 COROGUARD_STALL_MS=60000 COROGUARD_ALLOW_BLOCKING='usleep;loads_settings;write;disk.hpp:6;takes_the_lock;waits_for_a_thread;getaddrinfo;recv;poll;waitpid' \
// RUN:   %coroguard-run %t.standalone on-the-loop 2>&1 | FileCheck %s --check-prefix=ALLOWED --implicit-check-not=coroguard:
// ALLOWED: loop done

// A bad list is a configuration error; the default (nothing allowed) is used.
// RUN: env COROGUARD_ALLOW_BLOCKING='usleep;;poll' %coroguard-run %t.standalone on-the-loop 2>&1 | FileCheck %s --check-prefix=BAD-LIST
// BAD-LIST: coroguard: config: COROGUARD_ALLOW_BLOCKING='usleep;;poll' has an empty entry (expected function names or file:line sites separated by ';'); using none
// BAD-LIST: coroguard: blocking-call: 'usleep' blocks
// RUN: env COROGUARD_ALLOW_BLOCKING='main.cpp:x' %coroguard-run %t.standalone elsewhere 2>&1 | FileCheck %s --check-prefix=BAD-SITE --implicit-check-not=coroguard:
// BAD-SITE: coroguard: config: COROGUARD_ALLOW_BLOCKING='main.cpp:x' has a malformed entry 'main.cpp:x' (expected function names or file:line sites separated by ';'); using none

// Debug mode off: the interposer reports nothing.
// RUN: %with-interposer %t.standalone on-the-loop 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=coroguard:
// OFF: loop done

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "disk.hpp"
#include "net.hpp"

using namespace std::chrono_literals;

void naps() { ::usleep(10000); }

std::string loads_settings() {
  std::ifstream file{"/proc/self/cmdline"};
  std::string settings;
  std::getline(file, settings);
  return settings;
}

void takes_the_lock(std::mutex& mutex) { const std::lock_guard lock{mutex}; }

void waits_for_a_thread() {
  std::thread helper{[] { std::this_thread::sleep_for(10ms); }};
  helper.join();
}

void looks_up_localhost() {
  addrinfo* found = nullptr;
  if (::getaddrinfo("localhost", nullptr, nullptr, &found) == 0) {
    ::freeaddrinfo(found);
  }
}

void reads_a_blocking_socket(int fd) {
  char byte = 0;
  static_cast<void>(::recv(fd, &byte, 1, 0));
}

void waits_on_a_pipe(int fd) {
  pollfd wanted{.fd = fd, .events = POLLIN, .revents = 0};
  static_cast<void>(::poll(&wanted, 1, 10));
}

void runs_a_child() {
  const pid_t child = ::fork();
  if (child == 0) {
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
}

// Every blocking call above, with what it needs.
struct blocking_calls {
  std::mutex mutex;
  int file = -1;
  int sockets[2] = {-1, -1};
  int pipe_ends[2] = {-1, -1};

  blocking_calls() {
    char path[] = "/tmp/coroguard-blocking-XXXXXX";
    file = ::mkstemp(path);
    ::unlink(path);
    ::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets);
    static_cast<void>(::write(sockets[1], "abcdefgh", 8));
    static_cast<void>(::pipe(pipe_ends));
  }

  void post_all(net::io_context& io, std::thread& holder) {
    net::post(io, [] { naps(); });
    // NOLINTNEXTLINE(coroguard-blocking-call): the call the interposer must report
    net::co_spawn(io, [&]() -> net::awaitable<void> { loads_settings(); co_return; }, net::detached);
    net::post(io, [this] { saves_settings(file); });
    net::post(io, [this, &holder] {
      // Another thread holds the lock until well after this one asks for it: the lock waits
      // however late the loop thread is scheduled.
      std::atomic<bool> held{false};
      std::atomic<bool> asked{false};
      holder = std::thread{[this, &held, &asked] {
        const std::lock_guard lock{mutex};
        held = true;
        while (!asked) {
          std::this_thread::yield();
        }
        std::this_thread::sleep_for(200ms);
      }};
      while (!held) {
        std::this_thread::yield();
      }
      asked = true;
      takes_the_lock(mutex);
    });
    net::post(io, [] { waits_for_a_thread(); });
    net::post(io, [] { looks_up_localhost(); });
    net::post(io, [this] { reads_a_blocking_socket(sockets[0]); });
    net::post(io, [this] { waits_on_a_pipe(pipe_ends[0]); });
    net::post(io, [] { runs_a_child(); });
  }

  void call_all() {
    naps();
    loads_settings();
    saves_settings(file);
    takes_the_lock(mutex);
    waits_for_a_thread();
    looks_up_localhost();
    reads_a_blocking_socket(sockets[0]);
    waits_on_a_pipe(pipe_ends[0]);
    runs_a_child();
  }
};

int main(int argc, char** argv) {
  const std::string_view scenario = argc > 1 ? argv[1] : "";
  blocking_calls calls;
  net::io_context io;
  if (scenario == "on-the-loop") {
    std::thread holder;
    calls.post_all(io, holder);
    io.run();
    holder.join();
    say("loop done");
    return 0;
  }
  // On the loop's thread before any callback ran, then on a thread of its own.
  calls.call_all();
  std::thread{[&calls] { calls.call_all(); }}.join();
  // In a thread pool's handler.
  net::thread_pool pool{1};
  net::post(pool, [&calls] { calls.call_all(); });
  pool.join();
  // Non-blocking descriptors, stdout and stderr, on the loop.
  ::fcntl(calls.sockets[0], F_SETFL, O_NONBLOCK);
  net::post(io, [&calls] {
    char byte = 0;
    static_cast<void>(::recv(calls.sockets[0], &byte, 1, 0));
    static_cast<void>(::recv(calls.sockets[1], &byte, 1, MSG_DONTWAIT));
    std::printf("to stdout\n");
    std::fflush(stdout);
    static_cast<void>(::write(STDERR_FILENO, "to stderr\n", 10));
  });
  io.run();
  // Two threads running one loop contend for Asio's own mutex.
  io.restart();
  for (int i = 0; i < 20000; ++i) {
    net::post(io, [] {});
  }
  std::thread second{[&io] { io.run(); }};
  io.run();
  second.join();
  say("elsewhere done");
}
