// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs

// Within one function: once it starts a thread that runs a loop, the objects of that
// loop belong to that thread until it is joined.

#include <asio.hpp>
#include <functional>
#include <pthread.h>
#include <thread>
#include <vector>

int main() {
  asio::io_context Io;
  asio::ip::tcp::acceptor Acceptor(Io);
  asio::steady_timer Heartbeat(Io, std::chrono::seconds(1));
  std::thread Runner([&] { Io.run(); });
  Acceptor.close();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::acceptor::close' called on 'Acceptor' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Acceptor.get_executor(), [&] { Acceptor.close(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread running 'Io' started here, not joined before the call
  if (Heartbeat.expiry() < asio::steady_timer::clock_type::now()) {
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'asio::steady_timer::expiry' called on 'Heartbeat' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Heartbeat.get_executor(), [&] { Heartbeat.expiry(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-6]]:15: note: thread running 'Io' started here, not joined before the call
    [&] { Heartbeat.cancel(); }();
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'asio::steady_timer::cancel' called on 'Heartbeat' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Heartbeat.get_executor(), [&] { Heartbeat.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-9]]:15: note: thread running 'Io' started here, not joined before the call
  }
  // Not reported: posted to the loop, thread-safe, new to the loop, or another loop.
  asio::post(Io, [&] { Acceptor.close(); });
  Acceptor.get_executor();
  Io.stop();
  asio::steady_timer Fresh(Io);
  Fresh.expires_after(std::chrono::seconds(1));
  asio::io_context Other;
  asio::steady_timer Elsewhere(Other);
  Elsewhere.cancel();
  Runner.join();
  // Joined: the loop has no thread any more.
  Acceptor.close();
  Heartbeat.cancel();
  return 0;
}

// Threads in a container, joined by a range-for.
void pool_of_threads(asio::io_context &Io) {
  asio::ip::tcp::socket Socket(Io);
  std::vector<std::thread> Threads;
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back([&Io] { Io.run(); });
  Socket.close();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::close' called on 'Socket' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.close(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:5: note: thread running 'Io' started here, not joined before the call
  for (auto &Thread : Threads)
    Thread.join();
  Socket.close();
}

// A detached thread is never joined; a jthread runs until the end of its scope.
void detached_and_jthread(asio::io_context &Io) {
  asio::steady_timer Timer(Io);
  {
    std::jthread Runner([&Io] { Io.run(); });
    Timer.cancel();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'asio::steady_timer::cancel' called on 'Timer' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:18: note: thread running 'Io' started here, not joined before the call
  }
  Timer.cancel();
  std::thread([&Io] { Io.run(); }).detach();
  Timer.cancel();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'asio::steady_timer::cancel' called on 'Timer' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread running 'Io' started here, not joined before the call
}

// pthread_create and pthread_join; a pool running the loop, and its join.
void *run_io(void *Arg) {
  static_cast<asio::io_context *>(Arg)->run();
  return nullptr;
}

void posix_and_pool(asio::io_context &Io) {
  asio::ip::udp::socket Socket(Io);
  pthread_t Thread;
  pthread_create(&Thread, nullptr, run_io, &Io);
  pthread_join(Thread, nullptr);
  Socket.close();
  asio::thread_pool Pool(2);
  asio::post(Pool, [&Io] { Io.run(); });
  Socket.cancel();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'asio::ip::udp::socket::cancel' called on 'Socket' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: thread running 'Io' started here, not joined before the call
  Pool.join();
  Socket.cancel();
}

// Members, created in the constructor from the loop the thread runs.
class Server {
public:
  Server() : Acceptor(Io), Retry(Io) {}

  void start() {
    Runner = std::thread([this] { Io.run(); });
    Retry.cancel();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'asio::steady_timer::cancel' called on 'Retry' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Retry.get_executor(), [&] { Retry.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:14: note: thread running 'Io' started here, not joined before the call
  }

  void stop() {
    Io.stop();
    Runner.join();
    Acceptor.close();
  }

private:
  asio::io_context Io;
  asio::ip::tcp::acceptor Acceptor;
  asio::steady_timer Retry;
  std::thread Runner;
};

// A thread that does not run the loop does not make the loop run; an object whose
// loop cannot be told (a parameter) is not reported.
void plain_worker(asio::io_context &Io, asio::steady_timer &Given) {
  asio::steady_timer Timer(Io);
  std::thread Worker([] {});
  Timer.cancel();
  Worker.join();
  std::thread Runner([&Io] { Io.run(); });
  Given.cancel();
  Runner.join();
}

// The loop a thread runs through a helper: the helper's parameter stands for the argument
// it is given, in the thread's lambda or after the helper's name in the thread start; a
// helper that runs a loop of its own does not run the caller's.
void serve_io(asio::io_context &Io) { Io.run(); }
void run_own_loop() {
  asio::io_context Own;
  Own.run();
}

void through_helpers(asio::io_context &Io) {
  asio::steady_timer Timer(Io);
  std::thread FromLambda([&Io] { serve_io(Io); });
  Timer.cancel();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'asio::steady_timer::cancel' called on 'Timer' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread running 'Io' started here, not joined before the call
  FromLambda.join();
  std::thread ByName(serve_io, std::ref(Io));
  Timer.cancel();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'asio::steady_timer::cancel' called on 'Timer' while another thread runs its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread running 'Io' started here, not joined before the call
  ByName.join();
  std::thread Other(run_own_loop);
  Timer.cancel();
  Other.join();
}
