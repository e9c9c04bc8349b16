// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs -isystem %inputs/system

// A non-thread-safe member of a shared loop-affine object, called from a thread that
// does not run the object's loop: the thread is named in a note, the message gives the
// fix.

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <cross-thread-boost.h>
#include <future>
#include <memory>
#include <pthread.h>
#include <thread>

asio::io_context Loop;
asio::steady_timer IdleTimer(Loop);

// A global, from a lambda given to std::thread.
void cancel_idle_timer() {
  std::thread Worker([] { IdleTimer.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:37: warning: 'asio::steady_timer::cancel' called on shared 'IdleTimer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(IdleTimer.get_executor(), [&] { IdleTimer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  Worker.join();
}

// Captured by reference, also through a std::reference_wrapper.
void close_from_worker(asio::io_context &Io) {
  asio::ip::tcp::socket Socket(Io);
  std::thread Worker([&] {
    Socket.close();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::close' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.close(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
  });
  std::thread Wrapped([Ref = std::ref(Socket)] { Ref.get().cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:60: warning: 'asio::basic_stream_socket<asio::ip::tcp>::cancel' called on shared 'Ref.get()' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Ref.get().get_executor(), [&] { Ref.get().cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  Worker.join();
  Wrapped.join();
}

// Members, from a lambda capturing 'this' and from a member function started by
// pointer; a copy of a shared_ptr still shares the object.
class Session : public std::enable_shared_from_this<Session> {
public:
  explicit Session(asio::io_context &Io) : Socket(Io), Deadline(Io) {}

  void start_watchdog() {
    Watchdog = std::thread([this] {
      Deadline.expires_after(std::chrono::seconds(5));
      // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'asio::steady_timer::expires_after' called on shared 'Deadline' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Deadline.get_executor(), [&] { Deadline.expires_after(std::chrono::seconds(5)); }) [coroguard-cross-thread-call]
      // CHECK-NOTES: :[[@LINE-3]]:16: note: thread started here
    });
    std::thread(&Session::drain, this).detach();
    std::thread([Self = shared_from_this()] {
      Self->Socket.shutdown(asio::ip::tcp::socket::shutdown_both);
      // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'asio::ip::tcp::socket::shutdown' called on shared 'Self->Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Self->Socket.get_executor(), [&] { Self->Socket.shutdown(asio::ip::tcp::socket::shutdown_both); }) [coroguard-cross-thread-call]
      // CHECK-NOTES: :[[@LINE-3]]:5: note: thread started here
    }).detach();
  }

  void drain() {
    Socket.cancel();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::cancel' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-11]]:5: note: thread started here
  }

private:
  asio::ip::tcp::socket Socket;
  asio::steady_timer Deadline;
  std::thread Watchdog;
};

// A function given by name, with the object by reference: a parameter.
void stop_accepting(asio::ip::tcp::acceptor &Acceptor) {
  Acceptor.close();
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::acceptor::close' called on shared 'Acceptor' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Acceptor.get_executor(), [&] { Acceptor.close(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE+5]]:15: note: thread started here
}

void start_stopper(asio::io_context &Io) {
  asio::ip::tcp::acceptor Acceptor(Io);
  std::thread Stopper(stop_accepting, std::ref(Acceptor));
  Stopper.join();
}

// Other thread starts: std::async, std::jthread, pthread_create, boost::thread, and a
// pool's executor.
asio::ip::udp::socket Datagrams(Loop);
asio::signal_set Signals(Loop);
asio::ip::tcp::resolver Resolver(Loop);

void other_starts(asio::thread_pool &Pool) {
  auto Done = std::async(std::launch::async, [] { Datagrams.close(); });
  // CHECK-NOTES: :[[@LINE-1]]:61: warning: 'asio::ip::udp::socket::close' called on shared 'Datagrams' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Datagrams.get_executor(), [&] { Datagrams.close(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  std::jthread Canceller([](std::stop_token) { Signals.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:56: warning: 'asio::signal_set::cancel' called on shared 'Signals' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Signals.get_executor(), [&] { Signals.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: thread started here
  pthread_t Thread;
  pthread_create(
      &Thread, nullptr,
      [](void *Arg) -> void * {
        static_cast<asio::ip::tcp::resolver *>(Arg)->cancel();
        // CHECK-NOTES: :[[@LINE-1]]:54: warning: 'asio::ip::tcp::resolver::cancel' called on shared '*static_cast<asio::ip::tcp::resolver *>(Arg)' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(static_cast<asio::ip::tcp::resolver *>(Arg)->get_executor(), [&] { static_cast<asio::ip::tcp::resolver *>(Arg)->cancel(); }) [coroguard-cross-thread-call]
        // CHECK-NOTES: :[[@LINE-5]]:3: note: thread started here
        return nullptr;
      },
      &Resolver);
  pthread_join(Thread, nullptr);
  asio::post(Pool, [] { IdleTimer.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'asio::steady_timer::cancel' called on shared 'IdleTimer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(IdleTimer.get_executor(), [&] { IdleTimer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: handed to an executor that runs off the loop here
}

boost::asio::io_context BoostLoop;
boost::asio::steady_timer BoostTimer(BoostLoop);

void boost_thread() {
  boost::thread Worker([] { BoostTimer.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:40: warning: 'boost::asio::steady_timer::cancel' called on shared 'BoostTimer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: boost::asio::post(BoostTimer.get_executor(), [&] { BoostTimer.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: thread started here
  Worker.join();
}

// Pointers and smart pointers the thread did not create point to shared objects.
void through_pointers(asio::ip::tcp::socket *Raw,
                      std::unique_ptr<asio::ip::tcp::socket> &Owned) {
  std::thread Worker([&] {
    Raw->close();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::close' called on shared '*Raw' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Raw->get_executor(), [&] { Raw->close(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
    Owned->cancel();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::cancel' called on shared '*Owned' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Owned->get_executor(), [&] { Owned->cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-6]]:15: note: thread started here
  });
  Worker.join();
}

// Free functions that operate on the stream given first, and TLS streams with their
// layers.
void streams(asio::ssl::stream<asio::ip::tcp::socket> &Tls) {
  std::thread Worker([&] {
    asio::write(Tls, asio::buffer("bye", 3));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'asio::write' called on shared 'Tls' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Tls.get_executor(), [&] { asio::write(Tls, asio::buffer("bye", 3)); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
    Tls.shutdown();
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'asio::ssl::stream<asio::ip::tcp::socket>::shutdown' called on shared 'Tls' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Tls.get_executor(), [&] { Tls.shutdown(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-6]]:15: note: thread started here
    Tls.lowest_layer().close();
    // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'asio::basic_socket<asio::ip::tcp, asio::any_io_executor>::close' called on shared 'Tls.lowest_layer()' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Tls.lowest_layer().get_executor(), [&] { Tls.lowest_layer().close(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-9]]:15: note: thread started here
  });
  Worker.join();
}

// The loop itself is thread-safe, except for restarting it while it may run.
void restart_loop() {
  std::thread Worker([] { Loop.restart(); });
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: 'asio::io_context::restart' called on shared 'Loop' from a thread that does not run its loop; the loop thread may be using it concurrently — call it only once every thread's run() has returned [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  Worker.join();
}

// Long calls are shortened in the fix.
void long_call(asio::ip::tcp::socket &Socket) {
  std::thread Worker([&] {
    Socket.async_wait(asio::ip::tcp::socket::wait_read, [](std::error_code) {});
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::async_wait' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.async_wait(...); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
  });
  Worker.join();
}

// What an operand never evaluated names does not run: only the call itself is reported,
// directly or through a project function.
void stop_idle_timer() { IdleTimer.cancel(); }

void unevaluated_operands() {
  std::thread Worker([] {
    static_assert(!noexcept(IdleTimer.cancel()));
    using Cancelled = decltype(IdleTimer.cancel(), stop_idle_timer());
    (void)sizeof(IdleTimer.cancel());
    static_assert(requires { IdleTimer.cancel(); });
    IdleTimer.cancel();
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'asio::steady_timer::cancel' called on shared 'IdleTimer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(IdleTimer.get_executor(), [&] { IdleTimer.cancel(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-7]]:15: note: thread started here
    stop_idle_timer();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'stop_idle_timer' touches shared 'IdleTimer' from a thread that does not run its loop (it calls 'asio::steady_timer::cancel'); the loop thread may be using it concurrently — post the call to its loop: asio::post(<its executor>, [&] { stop_idle_timer(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES: :[[@LINE-13]]:36: note: 'stop_idle_timer' calls 'asio::steady_timer::cancel' on shared 'IdleTimer' here
    // CHECK-NOTES: :[[@LINE-11]]:15: note: thread started here
  });
  Worker.join();
}
