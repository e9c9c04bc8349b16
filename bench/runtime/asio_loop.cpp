// The Asio loop the runtime's overhead is measured on: posted handlers and coroutine resumptions
// interleaved on one io_context. Built twice from this source: plain, and with coroguard's Asio
// integration (run with debug mode off and on). Prints the loop thread's CPU time in seconds.
//   coroguard-asio-loop [SCALE]   SCALE*4 posted handlers and SCALE resumptions (default 1000000)
// With COROGUARD_BENCH_IDLE_THREAD=1 an idle thread runs alongside, as debug mode's watchdog does.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <asio.hpp>

namespace {

// A handler that posts the next one until its chain's share of the handlers has run.
struct chained_handler {
  asio::io_context* io;
  long* left;
  void operator()() const {
    if (--*left > 0) {
      asio::post(*io, chained_handler{io, left});
    }
  }
};

asio::awaitable<void> resumed(asio::io_context& io, long count) {
  for (long i = 0; i < count; ++i) {
    co_await asio::post(io, asio::use_awaitable);
  }
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

// Out of line: callgrind counts this function's instructions (--toggle-collect).
[[gnu::noinline]] void run_loop(long posts, long resumptions) {
  asio::io_context io;
  constexpr int chains = 64;
  long left[chains];
  for (long& chain : left) {
    chain = posts / chains;
    asio::post(io, chained_handler{&io, &chain});
  }
  asio::co_spawn(io, resumed(io, resumptions), asio::detached);
  io.run();
}

int main(int argc, char** argv) {
  const long scale = argc > 1 ? std::atol(argv[1]) : 1000000;
  if (std::getenv("COROGUARD_BENCH_IDLE_THREAD") != nullptr) {
    std::thread{[] { std::this_thread::sleep_for(std::chrono::hours{24}); }}.detach();
  }
  const double start = thread_cpu_seconds();
  run_loop(4 * scale, scale);
  std::printf("%.6f\n", thread_cpu_seconds() - start);
}
