// A tiny single-threaded event loop built on coroguard::task, and a service with four classic
// bugs that coroguard's debug mode reports. From the repository root, after building coroguard:
//
//   clang++-22 -std=c++20 -g -O2 $(tools/coroguard-config --cflags) examples/runtime/event_loop.cpp \
//       $(tools/coroguard-config --libs) -o build/event_loop && tools/coroguard-run build/event_loop
//
// The reports it prints (to stderr) are in examples/runtime/event_loop.expected.

#include <chrono>
#include <coroutine>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <coroguard/callback_scope.hpp>
#include <coroguard/loop_affinity.hpp>
#include <coroguard/task.hpp>

class event_loop {
 public:
  using callback = std::function<void()>;

  // Not thread-safe, like asyncio's: only code running on the loop may call it.
  void call_soon(std::string name, callback run) {
    affinity_.check("call_soon");
    ready_.push_back({std::move(name), std::move(run)});
  }

  // For other threads.
  void call_soon_threadsafe(std::string name, callback run) {
    const std::lock_guard lock{inbox_mutex_};
    inbox_.push_back({std::move(name), std::move(run)});
  }

  // Runs a task on the loop, like asyncio's create_task: the loop keeps the task, and its outcome
  // waits there for someone to retrieve it.
  void spawn(std::string name, coroguard::task<> task) {
    const std::coroutine_handle<> start = task.handle();
    tasks_.push_back(std::move(task));
    call_soon(std::move(name), [start] { start.resume(); });
  }

  void run() {
    affinity_.bind_to_current_thread();
    while (take_inbox(), !ready_.empty()) {
      const callback_entry next = std::move(ready_.front());
      ready_.pop_front();
      const coroguard::callback_scope scope{next.name};
      next.run();
    }
    affinity_.unbind();
  }

 private:
  struct callback_entry {
    std::string name;
    callback run;
  };

  void take_inbox() {
    const std::lock_guard lock{inbox_mutex_};
    for (callback_entry& entry : inbox_) {
      ready_.push_back(std::move(entry));
    }
    inbox_.clear();
  }

  coroguard::loop_affinity affinity_;
  std::deque<callback_entry> ready_;
  std::mutex inbox_mutex_;
  std::vector<callback_entry> inbox_;
  std::vector<coroguard::task<>> tasks_;
};

coroguard::task<std::string> fetch_user(int id) { co_return "user-" + std::to_string(id); }

coroguard::task<> write_audit_log(int id) {
  std::printf("audit: request %d\n", id);
  co_return;
}

coroguard::task<> handle_request(int id) {
  const std::string user = co_await fetch_user(id);
  // Bug 1: meant to run in the background, but a task runs only when awaited. This one is
  // destroyed at the end of the scope without ever running.
  auto audit = write_audit_log(id);  // NOLINT(coroguard-forgotten-await): the bug on show
  std::printf("served %s\n", user.c_str());
}

coroguard::task<> refresh_cache() {
  // Bug 2: spawned and never checked; nobody learns that this failed.
  throw std::runtime_error("cache server unreachable");
  co_return;
}

int main() {
  event_loop loop;
  loop.spawn("handle_request", handle_request(7));
  loop.spawn("refresh_cache", refresh_cache());
  // Bug 3: blocking work on the loop thread; every other callback waits for it.
  loop.call_soon("compress_logs", [] { std::this_thread::sleep_for(std::chrono::milliseconds{150}); });
  loop.call_soon("start_worker", [&loop] {
    // Bug 4: a worker thread calls the non-thread-safe call_soon; call_soon_threadsafe is the fix.
    // (Joined right away only to keep the example's output deterministic.)
    std::thread worker{[&loop] { loop.call_soon("on_result", [] { std::puts("result delivered"); }); }};
    worker.join();
  });
  loop.run();
}
