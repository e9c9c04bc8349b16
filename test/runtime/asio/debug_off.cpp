// Debug mode off costs nothing but a few loads: an instrumented program reports nothing, starts
// no watchdog thread and allocates exactly what the same program built without coroguard does.

// RUN: %build-plain-standalone -o %t.plain
// RUN: %build-standalone -o %t.instrumented
// RUN: %t.plain > %t.out 2>&1
// RUN: %t.instrumented >> %t.out 2>&1
// RUN: %with-interposer %t.instrumented >> %t.out 2>&1
// RUN: FileCheck %s --input-file=%t.out --implicit-check-not=coroguard:
// CHECK:      allocations [[#ALLOCATIONS:]], threads 1
// CHECK-NEXT: allocations [[#ALLOCATIONS]], threads 1
// CHECK-NEXT: allocations [[#ALLOCATIONS]], threads 1

// Boost.Asio likewise.
// RUN: %build-plain-boost -o %t.plain-boost
// RUN: %build-boost -o %t.instrumented-boost
// RUN: %t.plain-boost > %t.boost.out 2>&1
// RUN: %t.instrumented-boost >> %t.boost.out 2>&1
// RUN: FileCheck %s --check-prefix=BOOST --input-file=%t.boost.out --implicit-check-not=coroguard:
// BOOST:      allocations [[#ALLOCATIONS:]], threads 1
// BOOST-NEXT: allocations [[#ALLOCATIONS]], threads 1

// With debug mode on, the same program starts the watchdog and its reporter thread.
// RUN: env COROGUARD_DEBUG=1 COROGUARD_SLOW_CALLBACK_MS=60000 %t.instrumented 2>&1 | FileCheck %s --check-prefix=ON
// ON: threads 3

#include <dirent.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "net.hpp"

namespace {

std::atomic<long> allocations{0};

}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) {
    return memory;
  }
  throw std::bad_alloc{};
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept { std::free(memory); }

namespace {

int thread_count() {
  int threads = 0;
  if (DIR* tasks = ::opendir("/proc/self/task")) {
    while (const dirent* entry = ::readdir(tasks)) {
      threads += entry->d_name[0] != '.' ? 1 : 0;
    }
    ::closedir(tasks);
  }
  return threads;
}

net::awaitable<int> ticks(int count) {
  auto executor = co_await net::this_coro::executor;
  net::steady_timer timer{executor};
  for (int i = 0; i < count; ++i) {
    timer.expires_after(std::chrono::milliseconds{1});
    co_await timer.async_wait(net::use_awaitable);
  }
  co_return count;
}

net::awaitable<void> fails() {
  throw std::runtime_error("dropped");
  co_return;
}

}  // namespace

int main() {
  {
    net::io_context io;
    for (int i = 0; i < 1000; ++i) {
      net::post(io, [] { ::usleep(0); });
    }
    net::co_spawn(io, ticks(20), net::detached);
    net::co_spawn(io, fails(), net::detached);
    net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
    acceptor.async_accept([](error_code, net::ip::tcp::socket) {});
    net::post(io, [&acceptor] { acceptor.close(); });
    io.run();
  }
  std::printf("allocations %ld, threads %d\n", allocations.load(), thread_count());
}
