// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=SHALLOW %s coroguard-cross-thread-call %t -- \
// RUN:   -config="{CheckOptions: {coroguard-cross-thread-call.MaxDepth: 1}}" -- %asio_flags -I %inputs

// Through the project's own functions: reported at the call in the thread's code, with
// one note per hop of the shortest chain (the call graph blocking-call uses).

#include <asio.hpp>
#include <thread>

class Connection {
public:
  explicit Connection(asio::io_context &Io) : Socket(Io), Idle(Io) {}

  void close() {
    Idle.cancel();
    shutdown_socket();
  }
  void shutdown_socket() { Socket.close(); }

private:
  asio::ip::tcp::socket Socket;
  asio::steady_timer Idle;
};

void close_all(Connection &Conn) { Conn.close(); }

void admin_thread(Connection &Conn) {
  std::thread Admin([&Conn] {
    close_all(Conn);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'close_all' touches shared 'Idle' from a thread that does not run its loop (it calls 'asio::steady_timer::cancel' via 'Connection::close'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { close_all(Conn); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-6]]:41: note: 'close_all' calls 'Connection::close' here
    // CHECK-NOTES: :[[@LINE-17]]:10: note: 'Connection::close' calls 'asio::steady_timer::cancel' on shared 'Idle' here
    // CHECK-NOTES: :[[@LINE-5]]:15: note: thread started here
    Conn.shutdown_socket();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Connection::shutdown_socket' touches shared 'Socket' from a thread that does not run its loop (it calls 'asio::ip::tcp::socket::close'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { Conn.shutdown_socket(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-18]]:35: note: 'Connection::shutdown_socket' calls 'asio::ip::tcp::socket::close' on shared 'Socket' here
    // CHECK-NOTES: :[[@LINE-9]]:15: note: thread started here
    // CHECK-MESSAGES-SHALLOW: :[[@LINE-4]]:10: warning: 'Connection::shutdown_socket' touches shared 'Socket' from a thread that does not run its loop (it calls 'asio::ip::tcp::socket::close'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { Conn.shutdown_socket(); }) [coroguard-cross-thread-call]
  });
  Admin.join();
}

// The shortest chain wins, whatever comes first; recursion is safe.
asio::io_context Loop;
asio::steady_timer Timer(Loop);

void deep3() { Timer.cancel(); }
void deep2() { deep3(); }
void deep1() { deep2(); }
void shallow() { Timer.cancel(); }
// CHECK-NOTES: :[[@LINE-1]]:24: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
// CHECK-NOTES: :[[@LINE+42]]:17: note: thread started here
// CHECK-MESSAGES-SHALLOW: :[[@LINE-3]]:24: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(); }) [coroguard-cross-thread-call]
void both() {
  deep1();
  shallow();
}
void recurse(int N) {
  if (N > 0)
    recurse(N - 1);
  both();
}

// A function given by name to a thread is reported where it calls on.
void worker() {
  recurse(3);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'recurse' touches shared 'Timer' from a thread that does not run its loop (it calls 'asio::steady_timer::cancel' via 'both', 'shallow'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { recurse(3); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-7]]:3: note: 'recurse' calls 'both' here
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'both' calls 'shallow' here
  // CHECK-NOTES: :[[@LINE-20]]:24: note: 'shallow' calls 'asio::steady_timer::cancel' on shared 'Timer' here
  // CHECK-NOTES: :[[@LINE+5]]:15: note: thread started here
}

// Locals of a function reached are its own; task coroutines only start when called.
void start_worker() {
  std::thread Thread(worker);
  Thread.join();
}

void local_timer() {
  asio::steady_timer Mine(Loop);
  Mine.cancel();
}

asio::awaitable<void> task_on_the_loop() {
  Timer.cancel();
  co_return;
}

void not_followed() {
  std::thread Thread([] {
    local_timer();
    auto Task = task_on_the_loop();
    std::thread Nested(shallow);
    Nested.join();
  });
  Thread.join();
}
