// RUN: %check_coroguard_tidy %s coroguard-blocking-call %t -- --quiet -- %asio_flags -I %inputs

// Every category of the built-in catalog, called directly in a task coroutine, next to
// the look-alikes that must stay quiet.

#include <asio.hpp>
#include <barrier>
#include <blocking-libs.h>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <pthread.h>
#include <semaphore>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::awaitable;
namespace fs = std::filesystem;

awaitable<void> sleeper() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_until' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sleep' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  timespec Ts{0, 1000};
  nanosleep(&Ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'nanosleep' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  clock_nanosleep(CLOCK_MONOTONIC, 0, &Ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'clock_nanosleep' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  boost::this_thread::sleep_for(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'boost::this_thread::sleep_for' blocks the thread running coroutine 'sleeper'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}

awaitable<void> files(const std::string &Path) {
  std::ifstream In(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::ifstream' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  std::string Line;
  // Reads from an open stream are not reported again.
  std::getline(In, Line);
  In >> Line;
  std::ofstream Out;
  Out.open(Path);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::ofstream::open' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  Out << Line;
  std::fstream Both{Path};
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'std::fstream' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  std::ifstream Unopened;
  std::stringstream Memory;
  Memory << Line;

  FILE *F = fopen(Path.c_str(), "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'fopen' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  char Buffer[64];
  fread(Buffer, 1, sizeof Buffer, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fread' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  fgets(Buffer, sizeof Buffer, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fgets' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  fwrite(Buffer, 1, 4, F);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fwrite' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  fprintf(F, "%d", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fprintf' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // Console output and logging are fine.
  fwrite(Buffer, 1, 4, stdout);
  fprintf(stderr, "warn\n");
  fputs("x", stdout);
  fflush(stdout);
  printf("%s\n", "y");
  std::cout << Line << '\n';
  std::cerr << Line << std::endl;
  write(STDOUT_FILENO, Buffer, 4);
  write(fileno(stderr), Buffer, 4);

  int Fd = open(Path.c_str(), O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'open' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  read(Fd, Buffer, sizeof Buffer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'read' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  write(Fd, Buffer, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'write' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  fsync(Fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'fsync' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  struct stat St;
  stat(Path.c_str(), &St);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stat' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  unlink(Path.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unlink' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]

  // Path manipulation does not touch the disk.
  fs::path P = fs::path(Path) / "sub";
  P = P.parent_path().filename();
  P.replace_extension(".txt");
  bool Exists = fs::exists(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::filesystem::exists' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  fs::file_status Status = fs::status(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'std::filesystem::status' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  // Asking a status already fetched does not touch the disk either.
  Exists = fs::exists(Status) && fs::is_directory(Status);
  fs::create_directories(P);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::filesystem::create_directories' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  auto Size = fs::space(P).available;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::filesystem::space' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  for (const fs::directory_entry &Entry : fs::directory_iterator(P))
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'std::filesystem::directory_iterator' blocks the thread running coroutine 'files'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
    (void)Entry;
  (void)Exists, (void)Size;
  co_return;
}

awaitable<void> waits(std::future<int> Fut, std::shared_future<int> Shared,
                      std::thread &T, std::jthread &J) {
  Fut.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::future::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Fut.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::future::wait_for' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Fut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::future::get' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Shared.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::shared_future::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Shared.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::shared_future::get' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // Zero-timeout polls do not block.
  if (Shared.wait_for(0s) == std::future_status::ready)
    Shared.wait_for(std::chrono::milliseconds(0));
  Shared.wait_for(std::chrono::seconds::zero());
  T.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread::join' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  J.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread::join' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]

  std::mutex M;
  std::condition_variable Cv;
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Cv.wait_for(Lock, 5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait_for' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Cv.wait_for(Lock, 0ms);
  std::condition_variable_any CvAny;
  CvAny.wait(Lock, [] { return true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::condition_variable_any::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  // Locks are misc-coroutine-hostile-raii's business.
  Lock.unlock();
  M.lock();
  M.unlock();
  if (M.try_lock())
    M.unlock();
  std::lock_guard<std::mutex> Guard(M);

  std::latch Latch(1);
  Latch.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'std::latch::wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  std::barrier Barrier(1);
  Barrier.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::barrier::arrive_and_wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  std::counting_semaphore<4> Sem(0);
  Sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  Sem.try_acquire_for(0ms);
  Sem.try_acquire();
  std::binary_semaphore Bin(0);
  Bin.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::counting_semaphore::acquire' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]

  pthread_t Thread{};
  pthread_join(Thread, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_join' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  pthread_cond_wait(&Cond, &Mutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]

  cppcoro::sync_wait(task{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cppcoro::sync_wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  folly::coro::blockingWait(task{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'folly::coro::blockingWait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  stdexec::sync_wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stdexec::sync_wait' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  boost::thread Worker([] {});
  Worker.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'boost::thread::join' blocks the thread running coroutine 'waits'; every other task on it stalls — co_await the result instead of waiting for it [coroguard-blocking-call]
  co_return;
}

awaitable<void> processes() {
  system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'system' blocks the thread running coroutine 'processes'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  FILE *Pipe = popen("ls", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'popen' blocks the thread running coroutine 'processes'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  pclose(Pipe);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pclose' blocks the thread running coroutine 'processes'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  waitpid(-1, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'waitpid' blocks the thread running coroutine 'processes'; every other task on it stalls — move the work to a pool with co_await asio::post(asio::bind_executor(pool, use_awaitable)) [coroguard-blocking-call]
  addrinfo *Info = nullptr;
  getaddrinfo("example.com", "80", nullptr, &Info);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'getaddrinfo' blocks the thread running coroutine 'processes'; every other task on it stalls — use co_await resolver.async_resolve(..., use_awaitable) [coroguard-blocking-call]
  gethostbyname("example.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'gethostbyname' blocks the thread running coroutine 'processes'; every other task on it stalls — use co_await resolver.async_resolve(..., use_awaitable) [coroguard-blocking-call]
  freeaddrinfo(Info);
  co_return;
}

awaitable<void> sync_asio(asio::ip::tcp::socket &Socket,
                          asio::steady_timer &Timer,
                          asio::ip::tcp::resolver &Resolver,
                          asio::ip::tcp::acceptor &Acceptor,
                          asio::io_context &Io) {
  char Data[64];
  Socket.read_some(asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::basic_stream_socket::read_some' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await socket.async_read_some(..., use_awaitable) [coroguard-blocking-call]
  Socket.write_some(asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::basic_stream_socket::write_some' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await socket.async_write_some(..., use_awaitable) [coroguard-blocking-call]
  Socket.connect(asio::ip::tcp::endpoint());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::basic_socket::connect' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await socket.async_connect(..., use_awaitable) [coroguard-blocking-call]
  Socket.wait(asio::socket_base::wait_read);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'asio::basic_socket::wait' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await object.async_wait(..., use_awaitable) [coroguard-blocking-call]
  Timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'asio::basic_waitable_timer::wait' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await timer.async_wait(use_awaitable) [coroguard-blocking-call]
  auto Results = Resolver.resolve("example.com", "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'asio::ip::basic_resolver::resolve' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await resolver.async_resolve(..., use_awaitable) [coroguard-blocking-call]
  Acceptor.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'asio::basic_socket_acceptor::accept' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await acceptor.async_accept(..., use_awaitable) [coroguard-blocking-call]
  asio::read(Socket, asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::read' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await asio::async_read(..., use_awaitable) [coroguard-blocking-call]
  asio::write(Socket, asio::buffer(Data));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::write' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await asio::async_write(..., use_awaitable) [coroguard-blocking-call]
  asio::connect(Socket, Results);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'asio::connect' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — use co_await asio::async_connect(..., use_awaitable) [coroguard-blocking-call]
  // Non-blocking queries and setup.
  Socket.available();
  Socket.non_blocking(true);
  (void)Socket.remote_endpoint();
  Socket.set_option(asio::ip::tcp::no_delay(true));
  Timer.expires_after(1s);
  Timer.cancel();
  // The asynchronous forms are the fix.
  co_await Socket.async_read_some(asio::buffer(Data), asio::use_awaitable);
  co_await Timer.async_wait(asio::use_awaitable);
  // Running the loop from inside a coroutine.
  Io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'asio::io_context::run' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — co_spawn the work onto the loop instead of running it here [coroguard-blocking-call]
  Io.run_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'asio::io_context::run_one' blocks the thread running coroutine 'sync_asio'; every other task on it stalls — co_spawn the work onto the loop instead of running it here [coroguard-blocking-call]
  Io.poll();
  co_return;
}

// Outside coroutines: a worker thread may block.
void worker_thread(std::future<int> Fut) {
  std::this_thread::sleep_for(1s);
  Fut.get();
  std::ifstream In("config");
}

// Generators are not tasks: their code runs where they are iterated.
generator<int> numbers() {
  std::this_thread::sleep_for(1ms);
  co_yield 1;
}

// Unevaluated operands never run.
awaitable<void> unevaluated(std::future<int> &Fut) {
  constexpr auto Size = sizeof(Fut.get());
  using Result = decltype(Fut.get());
  constexpr bool NoThrow = noexcept(std::this_thread::sleep_for(1s));
  if constexpr (requires { Fut.get(); })
    (void)Size;
  if constexpr (sizeof(int) == 0)
    std::this_thread::sleep_for(1s);
  (void)NoThrow;
  Result R{};
  (void)R;
  co_return;
}

// A custom task type, recognized by its shape.
task custom_task() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'std::this_thread::sleep_for' blocks the thread running coroutine 'custom_task'; every other task on it stalls — use co_await timer.async_wait(...) [coroguard-blocking-call]
  co_return;
}
