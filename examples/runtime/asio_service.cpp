// An unmodified Asio program with four classic bugs that coroguard's debug mode reports: nothing
// of coroguard is included, the build flags bring it in. From the repository root, after
// building coroguard:
//
//   clang++-22 -std=c++20 -g -O2 -DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1 \
//       $(tools/coroguard-config --cflags) examples/runtime/asio_service.cpp \
//       $(tools/coroguard-config --libs) -o build/asio_service && tools/coroguard-run build/asio_service
//
// (Debian's Asio 1.22 needs the two ASIO_HAS_* switches under clang.) The reports it prints (to
// stderr) are in examples/runtime/asio_service.expected.

#include <chrono>
#include <cstdio>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include <asio.hpp>

using namespace std::chrono_literals;

asio::awaitable<std::string> load_profile(int id) {
  // Bug 1: a blocking sleep in a coroutine holds up every other callback on the loop.
  std::this_thread::sleep_for(150ms);  // NOLINT(coroguard-blocking-call): the bug on show
  co_return "user-" + std::to_string(id);
}

asio::awaitable<void> serve(int id) {
  const std::string profile = co_await load_profile(id);
  std::printf("served %s\n", profile.c_str());
}

asio::awaitable<void> refresh_sessions() {
  // Bug 2: spawned with asio::detached, which drops this exception.
  throw std::runtime_error("session store unreachable");
  co_return;
}

void rebuild_index() {
  // Bug 3: long work on the loop thread; the loop is stuck until it returns.
  const auto until = std::chrono::steady_clock::now() + 1200ms;
  while (std::chrono::steady_clock::now() < until) {
  }
}

int main() {
  asio::io_context io;
  asio::steady_timer idle_timer{io, 1h};
  idle_timer.async_wait([](std::error_code) { std::puts("idle timer stopped"); });

  std::promise<void> loop_started;
  asio::post(io, [&loop_started] { loop_started.set_value(); });
  asio::co_spawn(io, serve(7), asio::detached);
  asio::co_spawn(io, refresh_sessions(), asio::detached);
  asio::post(io, rebuild_index);

  // Bug 4: a timer is not thread-safe; this thread does not run its io_context. The fix is
  // asio::post(idle_timer.get_executor(), [&] { idle_timer.cancel(); }).
  std::thread maintenance{[&] {
    loop_started.get_future().wait();
    idle_timer.cancel();  // NOLINT(coroguard-cross-thread-call): the bug on show
  }};
  io.run();
  maintenance.join();
}
