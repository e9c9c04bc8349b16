// The blocking-call interposer's cost per write() to a pipe: 1-byte writes, drained every 4096.
//   coroguard-pipe-write outside|inside [COUNT]
// "outside": on a thread that runs no loop (the interposer's fast path); "inside": inside an Asio
// callback on the loop thread, where each call's descriptor is looked at (a pipe is not reported).
// Prints the process's CPU time in seconds (user and system: the writes are system calls).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <asio.hpp>

namespace {

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

constexpr long batch = 4096;

// One batch of 1-byte writes, then one read that drains them.
void write_batch(const int ends[2]) {
  char drained[batch];
  for (long i = 0; i < batch; ++i) {
    static_cast<void>(::write(ends[1], "x", 1));
  }
  static_cast<void>(::read(ends[0], drained, sizeof drained));
}

// Each batch in a callback of its own, as a loop would run them.
struct batch_handler {
  asio::io_context* io;
  const int* ends;
  long* left;
  void operator()() const {
    write_batch(ends);
    if (--*left > 0) {
      asio::post(*io, batch_handler{io, ends, left});
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  const bool inside = argc > 1 && std::strcmp(argv[1], "inside") == 0;
  const long count = argc > 2 ? std::atol(argv[2]) : 2000000;
  int ends[2];
  if (::pipe(ends) != 0) {
    return 1;
  }
  long batches = count / batch;
  const double start = process_cpu_seconds();
  if (inside) {
    asio::io_context io;
    asio::post(io, batch_handler{&io, ends, &batches});
    io.run();
  } else {
    for (; batches > 0; --batches) {
      write_batch(ends);
    }
  }
  std::printf("%.6f\n", process_cpu_seconds() - start);
}
