// The watchdog thread: times the callbacks of every loop thread by watching their sequence
// numbers and captures a stuck thread's stack with a signal; a reporter thread builds and
// delivers the reports it finds and what loop threads posted. Both exist only in debug mode,
// from the first Asio callback on.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "coroguard/config.hpp"
#include "core/clock.hpp"
#include "core/loop_threads.hpp"
#include "core/reporting.hpp"
#include "core/stack_capture.hpp"
#include "core/thread_times.hpp"
#include "detectors/watchdog_reports.hpp"

namespace coroguard::detail {
namespace {

using std::chrono::nanoseconds;

constinit std::atomic<bool> watchdog_started{false};
// Held while the watchdog works on a tick: what it took from the loop threads' outboxes is
// delivered before the exit summaries (exit() waits for it).
constinit std::mutex tick_mutex;
// Whether this process's capture signal handler is installed (the program may own the signal).
constinit std::atomic<bool> capture_signal_ready{false};

int capture_signal() noexcept { return SIGRTMAX - 5; }

// Runs on the thread being sampled: answers the watchdog's request with the interrupted stack.
void on_capture_signal(int /*signal*/, siginfo_t* /*info*/, void* context) {
  const int saved_errno = errno;
  if (loop_thread* thread = current_loop_thread) {
    loop_thread_record& record = record_of(*thread);
    const std::uint64_t requested = record.capture_requested.load(std::memory_order_acquire);
    capture_interrupted_stack(record.captured, context);
    record.capture_interrupts.fetch_add(1, std::memory_order_relaxed);
    record.capture_done.store(requested, std::memory_order_release);
  }
  errno = saved_errno;
}

void install_capture_signal() noexcept {
  struct sigaction current {};
  if (sigaction(capture_signal(), nullptr, &current) != 0 ||
      ((current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler != SIG_DFL)) {
    return;
  }
  struct sigaction wanted {};
  wanted.sa_sigaction = on_capture_signal;
  wanted.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&wanted.sa_mask);
  capture_signal_ready.store(sigaction(capture_signal(), &wanted, nullptr) == 0,
                             std::memory_order_release);
}

// System calls the kernel restarts after a handler with SA_RESTART, or that glibc retries:
// interrupting them changes nothing for the program. (Sleeps and poll/select return EINTR;
// the interposer resumes those, so only with it loaded are they interrupted.)
bool restarts_transparently(long call) noexcept {
#if defined(__x86_64__)
  switch (call) {
    case SYS_read:
    case SYS_write:
    case SYS_readv:
    case SYS_writev:
    case SYS_pread64:
    case SYS_pwrite64:
    case SYS_openat:
    case SYS_fsync:
    case SYS_fdatasync:
    case SYS_futex:
    case SYS_wait4:
    case SYS_accept:
    case SYS_accept4:
    case SYS_connect:
    case SYS_recvfrom:
    case SYS_sendto:
    case SYS_recvmsg:
    case SYS_sendmsg:
      return true;
    default:
      return false;
  }
#else
  static_cast<void>(call);
  return false;
#endif
}

// Reads a small /proc file into `buffer`; false if it cannot.
bool read_proc_file(const char* path, char* buffer, std::size_t size) noexcept {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const ssize_t length = ::read(fd, buffer, size - 1);
  ::close(fd);
  if (length <= 0) {
    return false;
  }
  buffer[length] = '\0';
  return true;
}

// Whether signalling the thread leaves the program's behaviour alone: it runs, or it waits in a
// system call that is restarted, or the interposer resumes interrupted sleeps.
bool safe_to_interrupt(const loop_thread_record& record) noexcept {
  if (interposer_loaded()) {
    return true;
  }
  char path[64];
  char text[512];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", static_cast<int>(record.tid));
  if (!read_proc_file(path, text, sizeof text)) {
    return false;
  }
  // "tid (name) S ...": the name may hold spaces and parentheses; the state follows the last ')'.
  const char* name_end = std::strrchr(text, ')');
  if (name_end != nullptr && name_end[1] == ' ' && name_end[2] == 'R') {
    return true;
  }
  std::snprintf(path, sizeof path, "/proc/self/task/%d/syscall", static_cast<int>(record.tid));
  if (!read_proc_file(path, text, sizeof text)) {
    return false;
  }
  char* end = nullptr;
  const long call = std::strtol(text, &end, 10);
  return end != text && restarts_transparently(call);
}

// Asks the thread for its stack: its signal handler answers by setting capture_done to
// `ticket`. Called with the registry locked, so that the thread cannot finish meanwhile.
bool request_stack(loop_thread_record& record, std::uint64_t ticket) noexcept {
  if (!capture_signal_ready.load(std::memory_order_acquire) || !safe_to_interrupt(record)) {
    return false;
  }
  record.capture_requested.store(ticket, std::memory_order_release);
  return pthread_kill(record.handle, capture_signal()) == 0;
}

// The thread answers once the scheduler runs it: on a loaded machine a busy thread waits tens of
// milliseconds for a CPU. It is stuck, so waiting for it delays nothing of its own.
bool wait_for_stack(const loop_thread_record& record, std::uint64_t ticket) noexcept {
  // A deadline, not a count of naps: on that loaded machine each nap lasts longer than asked.
  const nanoseconds deadline = monotonic_now() + std::chrono::seconds{1};
  while (record.capture_done.load(std::memory_order_acquire) != ticket) {
    if (monotonic_now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::microseconds{200});
  }
  return true;
}

struct stuck_callback {
  loop_thread_record* record;
  std::uint64_t sequence;
  const char* operation_type;
  nanoseconds running;
  bool stack_requested;
};

struct tick_state {
  nanoseconds now;
  nanoseconds sample_after;
  nanoseconds stall_after;
  std::vector<stuck_callback> stuck;
  std::vector<pending_event> posted;
};

// One look at a loop thread (registry locked): a new callback starts being timed, a long one gets
// its stack sampled for the slow-callback report its end may bring, a stuck one is noted to be
// reported once; what the thread posted is collected.
void observe(loop_thread_record& record, void* state_pointer) {
  auto& tick = *static_cast<tick_state*>(state_pointer);
  const std::uint32_t written = record.outbox_written.load(std::memory_order_acquire);
  for (std::uint32_t read = record.outbox_read.load(std::memory_order_relaxed); read != written;
       ++read) {
    tick.posted.push_back(record.outbox[read % record.outbox_size]);
    record.outbox_read.store(read + 1, std::memory_order_release);
  }
  if (!record.alive) {
    return;
  }
  const std::uint64_t sequence = record.callback_sequence.load(std::memory_order_acquire);
  if ((sequence & 1U) == 0) {
    return;
  }
  if (sequence != record.tracked_sequence) {
    record.tracked_sequence = sequence;
    record.tracked_since = tick.now;
    record.sampled = false;
    record.stalled = false;
    const thread_times times = times_of_thread(record.tid);
    record.first_seen_ns.store(tick.now.count(), std::memory_order_relaxed);
    record.coroguard_ns_first_seen.store(record.coroguard_ns.load(std::memory_order_relaxed),
                                         std::memory_order_relaxed);
    record.on_cpu_first_seen_ns.store(times.on_cpu.count(), std::memory_order_relaxed);
    record.waiting_first_seen_ns.store(times.waiting_for_cpu.count(), std::memory_order_relaxed);
    return;
  }
  // What coroguard itself did on the thread meanwhile (a report it built) is not the callback's.
  const nanoseconds running =
      tick.now - record.tracked_since -
      nanoseconds{record.coroguard_ns.load(std::memory_order_relaxed) -
                  record.coroguard_ns_first_seen.load(std::memory_order_relaxed)};
  if (!record.sampled && running >= tick.sample_after) {
    record.sampled = true;
    request_stack(record, capture_ticket(sequence, capture_purpose::sample));
    record.watched_sequence.store(sequence, std::memory_order_release);
  }
  if (!record.stalled && running >= tick.stall_after) {
    record.stalled = true;
    tick.stuck.push_back({
        .record = &record,
        .sequence = sequence,
        .operation_type = record.callback_type.load(std::memory_order_relaxed),
        .running = running,
        .stack_requested =
            request_stack(record, capture_ticket(sequence, capture_purpose::stall)),
    });
  }
}

// A report to build: the watchdog only observes and captures, another thread symbolizes and
// delivers (which can take long the first time), so that observing keeps its pace.
struct queued_report {
  bool stall = false;
  // A stall: what was stuck, for how long, and its stack (when it could be captured).
  const char* operation_type = nullptr;
  nanoseconds running{};
  bool has_stack = false;
  captured_stack stack;
  // Else an event a loop thread posted.
  pending_event event;
};

constinit std::mutex queue_mutex;
constinit std::condition_variable* queue_ready = nullptr;
constinit std::deque<queued_report>* queue = nullptr;
// Reports taken from the queue and not delivered yet: exit() waits for them.
constinit int in_flight = 0;
constinit std::condition_variable* queue_idle = nullptr;

void enqueue(const std::vector<queued_report>& reports) {
  if (reports.empty()) {
    return;
  }
  {
    const std::lock_guard lock{queue_mutex};
    for (const queued_report& report : reports) {
      queue->push_back(report);
    }
  }
  queue_ready->notify_one();
}

void build(const queued_report& queued) noexcept {
  if (queued.stall) {
    report_stall(queued.operation_type, queued.has_stack ? &queued.stack : nullptr, queued.running);
  } else if (queued.event.kind == pending_event::what::slow_callback) {
    report_slow_callback(queued.event);
  } else {
    report_blocking_call(queued.event);
  }
}

// The reporter thread: builds and delivers the queued reports, in order.
void report_queued() {
  std::unique_lock lock{queue_mutex};
  while (true) {
    queue_ready->wait(lock, [] { return !queue->empty(); });
    const queued_report next = queue->front();
    queue->pop_front();
    ++in_flight;
    lock.unlock();
    build(next);
    lock.lock();
    --in_flight;
    queue_idle->notify_all();
  }
}

// At exit: waits (a while) for the reporter to deliver everything queued, so that reports keep
// their order and come before the exit summaries.
void wait_for_reporter() {
  std::unique_lock lock{queue_mutex};
  queue_idle->wait_for(lock, std::chrono::seconds{10},
                       [] { return queue->empty() && in_flight == 0; });
}

void collect(tick_state& state, std::vector<queued_report>& reports) {
  for_each_loop_thread(observe, &state);
  for (const stuck_callback& stuck : state.stuck) {
    const loop_thread_record& record = *stuck.record;
    const bool captured =
        stuck.stack_requested &&
        wait_for_stack(record, capture_ticket(stuck.sequence, capture_purpose::stall));
    // Returned meanwhile: not stuck any more (its end reports it as slow).
    if (record.callback_sequence.load(std::memory_order_acquire) != stuck.sequence) {
      continue;
    }
    queued_report report;
    report.stall = true;
    report.operation_type = stuck.operation_type;
    report.running = stuck.running;
    report.has_stack = captured;
    if (captured) {
      report.stack = record.captured;
    }
    reports.push_back(report);
  }
  for (const pending_event& event : state.posted) {
    queued_report report;
    report.event = event;
    reports.push_back(report);
  }
}

// Fine enough to time callbacks against the thresholds, coarse enough to cost nothing.
nanoseconds tick_period(const config& settings) noexcept {
  const auto shortest = std::min(settings.slow_callback_threshold, settings.stall_threshold);
  return std::clamp<nanoseconds>(shortest / 50, std::chrono::milliseconds{1},
                                 std::chrono::milliseconds{20});
}

void tick(const config& settings) {
  const std::lock_guard lock{tick_mutex};
  tick_state state{
      .now = monotonic_now(),
      .sample_after = settings.slow_callback_threshold / 2,
      .stall_after = settings.stall_threshold,
      .stuck = {},
      .posted = {},
  };
  std::vector<queued_report> reports;
  collect(state, reports);
  enqueue(reports);
}

[[noreturn]] void watch() {
  while (true) {
    const config settings = current_config();
    std::this_thread::sleep_for(tick_period(settings));
    try {
      tick(settings);
    } catch (...) {
      // Out of memory for this tick's bookkeeping: the next tick tries again.
    }
  }
}

[[noreturn]] void report() {
  while (true) {
    try {
      report_queued();
    } catch (...) {
      // Out of memory while queueing: the next report goes on.
    }
  }
}

// What loop threads posted and the watchdog did not deliver yet goes out at exit, before the
// exit summaries.
void deliver_at_exit() noexcept {
  try {
    {
      const std::lock_guard lock{tick_mutex};
      tick_state state{};
      state.sample_after = nanoseconds::max();
      state.stall_after = nanoseconds::max();
      std::vector<queued_report> reports;
      collect(state, reports);
      enqueue(reports);
    }
    wait_for_reporter();
  } catch (...) {
    // Out of memory at exit: what was posted is lost.
  }
}

}  // namespace

void start_watchdog() noexcept {
  if (watchdog_started.exchange(true)) {
    return;
  }
  warm_up_unwinder();
  install_capture_signal();
  run_before_exit_summaries(deliver_at_exit);
  try {
    queue = new std::deque<queued_report>;
    queue_ready = new std::condition_variable;
    queue_idle = new std::condition_variable;
    std::thread{report}.detach();
    std::thread{watch}.detach();
  } catch (...) {
    // Out of memory or of threads for the watchdog: callbacks go untimed.
  }
}

}  // namespace coroguard::detail
