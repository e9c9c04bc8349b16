// RUN: %check_coroguard_tidy -check-suffix=DEFAULT %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs
// RUN: %check_coroguard_tidy -check-suffix=CONFIGURED %s coroguard-cross-thread-call %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     coroguard-cross-thread-call.LoopAffineTypes: 'db::Connection', \
// RUN:     coroguard-cross-thread-call.ThreadSafeMembers: 'db::Connection::ping;asio::basic_stream_socket::is_open', \
// RUN:     ThreadStartFunctions: 'jobs::spawn_thread', \
// RUN:     OffloadFunctions: 'jobs::run_detached', \
// RUN:     coroguard-cross-thread-call.PostFunctions: 'jobs::post_to', \
// RUN:     coroguard-cross-thread-call.OffLoopFunctions: 'metrics::flush'}}" \
// RUN:   -- %asio_flags -I %inputs

// LoopAffineTypes and ThreadSafeMembers extend the catalog's loop-affine classes;
// ThreadStartFunctions (and blocking-call's OffloadFunctions), PostFunctions and
// OffLoopFunctions say where code runs. The thread-start and post options are read
// locally or globally, shared with coroguard-blocking-call.

#include <asio.hpp>
#include <thread>

namespace db {
// A client library object bound to the loop it was created on.
class Connection {
public:
  explicit Connection(asio::io_context &Io);
  asio::io_context::executor_type get_executor();
  void query(const char *Sql);
  void ping();
};
} // namespace db

namespace jobs {
template <class F> void spawn_thread(F Job) { std::thread(std::move(Job)).detach(); }
template <class F> void run_detached(F Job) { std::thread(std::move(Job)).detach(); }
template <class Executor, class F> void post_to(Executor &Ex, F Job) {
  asio::post(Ex, std::move(Job));
}
} // namespace jobs

asio::io_context Loop;
asio::ip::tcp::socket Socket(Loop);
db::Connection Database(Loop);

void configured() {
  std::thread Worker([] {
    Database.query("select 1");
    // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:14: warning: 'db::Connection::query' called on shared 'Database' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Database.get_executor(), [&] { Database.query("select 1"); }) [coroguard-cross-thread-call]
    // CHECK-NOTES-CONFIGURED: :[[@LINE-3]]:15: note: thread started here
    Database.ping();
    Database.get_executor();
    Socket.is_open();
    // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::is_open' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.is_open(); }) [coroguard-cross-thread-call]
    Socket.close();
    // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:12: warning: 'asio::ip::tcp::socket::close' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.close(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES-CONFIGURED: :[[@LINE-2]]:12: warning: 'asio::ip::tcp::socket::close' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.close(); }) [coroguard-cross-thread-call]
    // CHECK-NOTES-CONFIGURED: :[[@LINE-11]]:15: note: thread started here
  });
  Worker.join();
}

void thread_starts(asio::thread_pool &Pool) {
  jobs::spawn_thread([] { Socket.cancel(); });
  // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:34: warning: 'asio::ip::tcp::socket::cancel' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES-CONFIGURED: :[[@LINE-2]]:3: note: thread started here
  jobs::run_detached([] { Socket.cancel(); });
  // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:34: warning: 'asio::ip::tcp::socket::cancel' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES-CONFIGURED: :[[@LINE-2]]:3: note: thread started here
  jobs::post_to(Loop, [] { Socket.cancel(); });
  jobs::post_to(Pool, [] { Socket.cancel(); });
  // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:35: warning: 'asio::ip::tcp::socket::cancel' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES-CONFIGURED: :[[@LINE-2]]:3: note: handed to an executor that runs off the loop here
}

namespace metrics {
// Called by a reporting library on its own thread.
void flush() {
  Socket.cancel();
  // CHECK-NOTES-CONFIGURED: :[[@LINE-1]]:10: warning: 'asio::ip::tcp::socket::cancel' called on shared 'Socket' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Socket.get_executor(), [&] { Socket.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES-CONFIGURED: :[[@LINE-3]]:6: note: 'metrics::flush' runs off the loop: it is listed in OffLoopFunctions
}
} // namespace metrics
