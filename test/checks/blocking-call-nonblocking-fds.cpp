// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// read/write on a descriptor the code made non-blocking return at once (EAGAIN) instead of
// waiting: a loop's wake-up pipe or eventfd, a socket opened with SOCK_NONBLOCK. The evidence
// is in the code: a class whose member functions set O_NONBLOCK (or another non-blocking
// flag) on the descriptors it holds, or a function that does so for its local descriptor.

#include <asio.hpp>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

using asio::awaitable;

// A loop's self-pipe, as event loops write it.
class WakePipe {
public:
  WakePipe() {
    pipe(Fds);
    for (int Fd : Fds) {
      int Flags = fcntl(Fd, F_GETFL);
      Flags |= O_NONBLOCK;
      fcntl(Fd, F_SETFL, Flags);
    }
  }
  long wake() {
    const char Byte = 1;
    return write(Fds[1], &Byte, 1);
  }
  long drain() {
    char Bytes[64];
    return read(readFd(), Bytes, sizeof Bytes);
  }
  int readFd() const { return Fds[0]; }

private:
  int Fds[2];
};

// The same pipe without O_NONBLOCK: a full pipe blocks the writer.
class BlockingPipe {
public:
  BlockingPipe() { pipe(Fds); }
  long wake() {
    const char Byte = 1;
    return write(Fds[1], &Byte, 1);
  }

private:
  int Fds[2];
};

WakePipe Wake;
BlockingPipe Blocking;

awaitable<void> notify() {
  Wake.wake();
  Wake.drain();
  char Bytes[8];
  read(Wake.readFd(), Bytes, sizeof Bytes);

  Blocking.wake();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'BlockingPipe::wake' may block the thread running coroutine 'notify' (it calls 'write'); every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // CHECK-NOTES: :[[@LINE-18]]:12: note: 'BlockingPipe::wake' calls 'write' here, which does file I/O
  co_return;
}

awaitable<void> locals() {
  const int Event = eventfd(0, EFD_NONBLOCK);
  const unsigned long long One = 1;
  write(Event, &One, sizeof One);
  const int Socket = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  char Bytes[64];
  read(Socket, Bytes, sizeof Bytes);
  co_return;
}

awaitable<void> blockingLocals(const char *Path) {
  const int Event = eventfd(0, 0);
  const unsigned long long One = 1;
  write(Event, &One, sizeof One);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'write' blocks the thread running coroutine 'blockingLocals'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  const int File = open(Path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'open' blocks the thread running coroutine 'blockingLocals'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  char Bytes[64];
  read(File, Bytes, sizeof Bytes);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'read' blocks the thread running coroutine 'blockingLocals'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  co_return;
}
