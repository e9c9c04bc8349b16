// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags

// Setup before the loop starts: a function that opens, binds and listens on an acceptor,
// then starts the thread that runs the acceptor's loop, sets it up while nothing else can
// use it (no operation is pending on it, no thread runs its loop yet). Run on a plain
// thread, it is not reported; what it does after the loop thread started is.

#include <asio.hpp>
#include <thread>

struct server {
  asio::io_context Loop;
  asio::ip::tcp::acceptor Acceptor{Loop};
  std::thread Runner;

  void start(const asio::ip::tcp::endpoint &At) {
    Acceptor.open(At.protocol());
    Acceptor.bind(At);
    Acceptor.listen();
    Runner = std::thread([this] { Loop.run(); });
  }

  void restart(const asio::ip::tcp::endpoint &At) {
    Acceptor.open(At.protocol());
    Runner = std::thread([this] { Loop.run(); });
    Acceptor.listen();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'asio::ip::tcp::acceptor::listen' called on 'Acceptor' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Acceptor.get_executor(), [&] { Acceptor.listen(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:14: note: thread running 'Loop' started here, not joined before the call
  }
};

void control(server &Server) {
  std::thread Starter([&] { Server.start({}); });
  Starter.join();
  std::thread Restarter([&] { Server.restart({}); });
  // CHECK-NOTES: :[[@LINE-1]]:38: warning: 'server::restart' touches shared 'Acceptor' from a thread that does not run its loop (it calls 'asio::ip::tcp::acceptor::listen'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { Server.restart({}); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-11]]:14: note: 'server::restart' calls 'asio::ip::tcp::acceptor::listen' on shared 'Acceptor' here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
  Restarter.join();
}

