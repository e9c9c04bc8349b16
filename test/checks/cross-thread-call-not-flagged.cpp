// RUN: %check_coroguard_tidy %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs

// What is not reported: objects the thread owns, threads that run the loop, work
// posted back to the loop, thread-safe members, code on no thread in particular, and
// type-erased executors (unknown).

#include <asio.hpp>
#include <functional>
#include <memory>
#include <thread>

asio::io_context Loop;
asio::steady_timer Timer(Loop);
asio::ip::tcp::socket Socket(Loop);

// Objects constructed inside the thread body, or created there behind a pointer.
void owned_by_the_thread() {
  std::thread Worker([] {
    asio::io_context Own;
    asio::steady_timer Mine(Loop);
    Mine.expires_after(std::chrono::seconds(1));
    Mine.cancel();
    asio::ip::tcp::socket Connection(Own);
    Connection.close();
    auto Shared = std::make_shared<asio::steady_timer>(Loop);
    Shared->cancel();
    std::unique_ptr<asio::steady_timer> Unique(new asio::steady_timer(Loop));
    Unique->cancel();
    auto *Raw = &Mine;
    Raw->cancel();
    Own.run();
  });
  Worker.join();
}

// A distinct object per thread: moved in by value, or into the lambda.
void by_value(asio::ip::tcp::socket Connection) { Connection.close(); }

void distinct_objects(asio::io_context &Io) {
  std::thread First(by_value, asio::ip::tcp::socket(Io));
  asio::ip::tcp::socket Second(Io);
  std::thread Mover([Connection = std::move(Second)]() mutable {
    Connection.close();
  });
  First.join();
  Mover.join();
}

thread_local asio::io_context PerThreadLoop;
thread_local asio::steady_timer PerThreadTimer(PerThreadLoop);

void thread_locals() {
  std::thread Worker([] { PerThreadTimer.cancel(); });
  Worker.join();
}

// A thread whose body runs the loop is the loop's thread: directly, through a
// function given by name, or through a helper.
void run_loop() {
  Timer.cancel();
  Loop.run();
}

void serve(asio::io_context &Io) { Io.run(); }

void loop_threads() {
  std::thread Direct([] {
    Timer.expires_after(std::chrono::seconds(1));
    Loop.run();
  });
  std::thread Named(run_loop);
  std::thread Helper([] {
    Socket.close();
    serve(Loop);
  });
  std::thread Poller([] {
    while (!Loop.stopped()) {
      Loop.poll();
      Timer.cancel();
    }
  });
  Direct.join();
  Named.join();
  Helper.join();
  Poller.join();
}

// Work handed back to the loop: its io_context, its executor, an object's executor,
// a strand on either, dispatch and defer.
void posted_back() {
  std::thread Worker([] {
    asio::post(Loop, [] { Timer.cancel(); });
    asio::post(Loop.get_executor(), [] { Timer.cancel(); });
    asio::post(Timer.get_executor(), [] { Timer.cancel(); });
    asio::dispatch(Socket.get_executor(), [] { Socket.close(); });
    asio::defer(Loop, [] { Socket.cancel(); });
    auto LoopStrand = asio::make_strand(Loop);
    asio::post(LoopStrand, [] { Timer.cancel(); });
    auto SocketStrand = asio::make_strand(Socket.get_executor());
    asio::post(SocketStrand, [] { Socket.close(); });
    asio::io_context::strand Legacy(Loop);
    asio::post(Legacy, [] { Timer.cancel(); });
  });
  Worker.join();
}

// Thread-safe members, and the loop's own thread-safe functions.
void thread_safe_members() {
  std::thread Worker([] {
    auto Executor = Timer.get_executor();
    Socket.lowest_layer().get_executor();
    Loop.post([] {});
    Loop.dispatch([] {});
    if (!Loop.stopped())
      Loop.stop();
  });
  Worker.join();
}

// Code that runs on no particular thread, and a thread joined before the loop runs.
void setup() {
  Timer.expires_after(std::chrono::seconds(5));
  Socket.close();
}

int main_like() {
  asio::ip::tcp::acceptor Acceptor(Loop);
  std::thread Runner([] { Loop.run(); });
  Runner.join();
  Acceptor.close();
  return 0;
}

// A type-erased executor could be either; a callable stored for later runs wherever it
// is called from.
void unknown_executors(asio::any_io_executor Executor) {
  std::thread Worker([Executor] {
    asio::post(Executor, [] { Timer.cancel(); });
  });
  std::function<void()> Later = [] { Socket.close(); };
  Worker.join();
}

// Methods of an object the thread owns use that object's members.
class Client {
public:
  explicit Client(asio::io_context &Io) : Connection(Io), Retry(Io) {}
  void stop() {
    Retry.cancel();
    Connection.close();
  }

private:
  asio::ip::tcp::socket Connection;
  asio::steady_timer Retry;
};

void client_per_thread() {
  std::thread Worker([] {
    Client Own(Loop);
    Own.stop();
  });
  Worker.join();
}

// Coroutines on the loop are the loop.
asio::awaitable<void> on_the_loop() {
  Timer.cancel();
  co_await Timer.async_wait(asio::use_awaitable);
  Socket.close();
}

void spawn() { asio::co_spawn(Loop, on_the_loop(), asio::detached); }
