// wrong-thread for Asio I/O objects: cancel, close and async initiations on a socket or timer
// from a thread that does not run its io_context, while some thread runs it. COROGUARD_STRICT=1
// aborts there, as asyncio raises.

// RUN: %build-standalone -o %t.standalone
// RUN: %build-boost -o %t.boost
// RUN: %coroguard-run %t.standalone wrong 2>&1 | FileCheck %s --check-prefix=WRONG --implicit-check-not=coroguard:
// RUN: %coroguard-run %t.boost wrong 2>&1 | FileCheck %s --check-prefix=WRONG --implicit-check-not=coroguard:
// WRONG:      coroguard: wrong-thread: 'timer::cancel' called from thread 2 but the loop runs on thread 1; non-threadsafe loop methods must be called on the loop thread — use a thread-safe post
// WRONG-NEXT:     at stops_the_timer({{.*}}) (wrong_thread.cpp:[[#]])
// WRONG:      coroguard: wrong-thread: 'socket::close' called from thread 2 but the loop runs on thread 1; non-threadsafe loop methods must be called on the loop thread — use a thread-safe post
// WRONG-NEXT:     at closes_the_socket({{.*}}) (wrong_thread.cpp:[[#]])
// WRONG:      coroguard: wrong-thread: 'timer::async_wait' called from thread 2 but the loop runs on thread 1; non-threadsafe loop methods must be called on the loop thread — use a thread-safe post
// WRONG-NEXT:     at waits_on_the_timer({{.*}}) (wrong_thread.cpp:[[#]])
// WRONG:      wrong done

// Not reported: work posted back to the loop, a strand's handlers on the loop's threads, any of
// the threads of a context several threads run, objects used before the loop starts and after
// it stops.
// RUN: %coroguard-run %t.standalone right 2>&1 | FileCheck %s --check-prefix=RIGHT --implicit-check-not=coroguard:
// RUN: %coroguard-run %t.boost right 2>&1 | FileCheck %s --check-prefix=RIGHT --implicit-check-not=coroguard:
// RIGHT: right done

// Strict mode aborts at the first report.
// RUN: not --crash %coroguard-run --strict %t.standalone wrong 2>&1 | FileCheck %s --check-prefix=STRICT --implicit-check-not=coroguard:
// STRICT:     coroguard: wrong-thread: 'timer::cancel' called from thread 2 but the loop runs on thread 1
// STRICT-NOT: wrong done

// Debug mode off: nothing.
// RUN: %t.standalone wrong 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=coroguard:
// OFF: wrong done

#include <string_view>
#include <thread>
#include <future>
#include <atomic>

#include "net.hpp"

using namespace std::chrono_literals;

void stops_the_timer(net::steady_timer& timer) { timer.cancel(); }
void closes_the_socket(net::ip::tcp::acceptor& acceptor) { acceptor.close(); }
void waits_on_the_timer(net::steady_timer& timer) { timer.async_wait([](error_code) {}); }

// Runs `io` on a thread of its own until `work` (on yet another thread) is done.
template <class Work>
void while_the_loop_runs(net::io_context& io, Work work) {
  auto guard = net::make_work_guard(io);
  // The loop thread runs a first handler before anything else happens, so that it counts as
  // running the loop.
  std::promise<void> started;
  net::post(io, [&started] { started.set_value(); });
  std::thread loop{[&io] { io.run(); }};
  started.get_future().wait();
  std::thread other{work};
  other.join();
  guard.reset();
  io.stop();
  loop.join();
}

void wrong() {
  net::io_context io;
  net::steady_timer timer{io, 1h};
  net::ip::tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), 0}};
  timer.async_wait([](error_code) {});
  acceptor.async_accept([](error_code, net::ip::tcp::socket) {});
  while_the_loop_runs(io, [&] {
    stops_the_timer(timer);
    closes_the_socket(acceptor);
    waits_on_the_timer(timer);
  });
  say("wrong done");
}

void right() {
  {
    // Before the loop starts and after it stops.
    net::io_context io;
    net::steady_timer timer{io, 1h};
    timer.async_wait([](error_code) {});
    stops_the_timer(timer);
    io.run();
    stops_the_timer(timer);
  }
  {
    // Posted back to the loop, and through a strand.
    net::io_context io;
    net::steady_timer timer{io, 1h};
    auto strand = net::make_strand(io);
    timer.async_wait([](error_code) {});
    while_the_loop_runs(io, [&] {
      net::post(io, [&timer] { stops_the_timer(timer); });
      net::post(strand, [&timer] { waits_on_the_timer(timer); });
      std::this_thread::sleep_for(50ms);
    });
  }
  {
    // A context two threads run: each counts as the loop.
    net::io_context io;
    net::steady_timer first{io, 1h};
    net::steady_timer second{io, 1h};
    std::promise<void> both_running;
    std::atomic<int> arrived{0};
    auto arrive = [&] {
      if (++arrived == 2) {
        both_running.set_value();
      }
    };
    auto guard = net::make_work_guard(io);
    // Each of the first two handlers waits (without a blocking call) until both threads have one.
    auto wait_for_the_other = [&] {
      arrive();
      while (arrived.load() < 2) {
      }
    };
    net::post(io, wait_for_the_other);
    net::post(io, wait_for_the_other);
    std::thread one{[&io] { io.run(); }};
    std::thread two{[&io] { io.run(); }};
    both_running.get_future().wait();
    // Each thread cancels both timers from handlers: whichever thread runs them is the loop's.
    for (int i = 0; i < 4; ++i) {
      net::post(io, [&] { stops_the_timer(first); stops_the_timer(second); });
    }
    std::this_thread::sleep_for(50ms);
    guard.reset();
    io.stop();
    one.join();
    two.join();
  }
  say("right done");
}

int main(int argc, char** argv) {
  const std::string_view scenario = argc > 1 ? argv[1] : "";
  if (scenario == "wrong") {
    wrong();
  } else {
    right();
  }
}
