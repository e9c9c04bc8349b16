#include "core/loop_threads.hpp"

#include "core/clock.hpp"

#include <dlfcn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <new>

namespace coroguard::detail {

constinit thread_local loop_thread* current_loop_thread = nullptr;

namespace {

struct context_threads {
  const void* context = nullptr;
  std::vector<std::thread::id> threads;
};

struct registry {
  std::vector<loop_thread_record*> records;
  std::vector<context_threads> contexts;
  std::vector<const void*> pools;
};

constinit std::mutex registry_mutex;
// Allocated by the first loop thread and never freed: the watchdog may outlive static
// destruction.
constinit registry* loop_registry = nullptr;

void forget_thread(registry& all, std::thread::id thread) {
  for (context_threads& entry : all.contexts) {
    std::erase(entry.threads, thread);
  }
}

// Unregisters the thread when it finishes; its record waits for the next loop thread.
struct record_release {
  loop_thread_record* record = nullptr;
  record_release() = default;
  record_release(const record_release&) = delete;
  record_release& operator=(const record_release&) = delete;
  ~record_release() {
    if (record == nullptr) {
      return;
    }
    const std::lock_guard lock{registry_mutex};
    record->alive = false;
    current_loop_thread = nullptr;
    forget_thread(*loop_registry, record->id);
  }
};

thread_local record_release release_at_thread_exit;

loop_thread_record* claim_record(registry& all) {
  for (loop_thread_record* record : all.records) {
    const bool drained = record->outbox_read.load(std::memory_order_acquire) ==
                         record->outbox_written.load(std::memory_order_relaxed);
    if (!record->alive && drained) {
      // Nothing may be in flight from the finished thread; start over.
      record->~loop_thread_record();
      return ::new (record) loop_thread_record;
    }
  }
  auto* record = new (std::nothrow) loop_thread_record;
  if (record != nullptr) {
    all.records.push_back(record);
  }
  return record;
}

}  // namespace

bool interposer_loaded() noexcept {
  // Exported by libcoroguard_preload.so; looked up once, by the watchdog.
  static const bool loaded = dlsym(RTLD_DEFAULT, "coroguard_blocking_call_interposer") != nullptr;
  return loaded;
}

loop_thread* register_loop_thread() noexcept {
  if (current_loop_thread != nullptr) {
    return current_loop_thread;
  }
  loop_thread_record* record = nullptr;
  try {
    const std::lock_guard lock{registry_mutex};
    if (loop_registry == nullptr) {
      loop_registry = new registry;
    }
    record = claim_record(*loop_registry);
    if (record == nullptr) {
      return nullptr;
    }
    record->handle = pthread_self();
    record->tid = static_cast<pid_t>(::syscall(SYS_gettid));
    record->id = std::this_thread::get_id();
    record->alive = true;
    release_at_thread_exit.record = record;
    current_loop_thread = record;
  } catch (...) {
    // Out of memory for the registry: this thread stays untracked.
    return nullptr;
  }
  start_watchdog();
  return record;
}

coroguard_at_work::coroguard_at_work() noexcept : thread_(current_loop_thread) {
  if (thread_ != nullptr && thread_->inside_coroguard.fetch_add(1, std::memory_order_relaxed) == 0) {
    started_ = monotonic_now();
  }
}

coroguard_at_work::~coroguard_at_work() {
  if (thread_ != nullptr && thread_->inside_coroguard.fetch_sub(1, std::memory_order_relaxed) == 1) {
    record_of(*thread_).coroguard_ns.fetch_add((monotonic_now() - started_).count(),
                                               std::memory_order_relaxed);
  }
}

bool post_to_watchdog(loop_thread_record& record, const pending_event& event) noexcept {
  const std::uint32_t written = record.outbox_written.load(std::memory_order_relaxed);
  if (written - record.outbox_read.load(std::memory_order_acquire) >= record.outbox_size) {
    return false;
  }
  record.outbox[written % record.outbox_size] = event;
  record.outbox_written.store(written + 1, std::memory_order_release);
  return true;
}

void for_each_loop_thread(void (*visit)(loop_thread_record&, void*), void* context) noexcept {
  const std::lock_guard lock{registry_mutex};
  if (loop_registry == nullptr) {
    return;
  }
  for (loop_thread_record* record : loop_registry->records) {
    visit(*record, context);
  }
}

void note_thread_runs_context(const void* context) noexcept {
  const std::thread::id self = std::this_thread::get_id();
  try {
    const std::lock_guard lock{registry_mutex};
    if (loop_registry == nullptr) {
      return;
    }
    auto& contexts = loop_registry->contexts;
    auto entry = std::find_if(contexts.begin(), contexts.end(),
                              [&](const context_threads& c) { return c.context == context; });
    if (entry == contexts.end()) {
      entry = contexts.insert(contexts.end(), context_threads{context, {}});
    }
    if (std::find(entry->threads.begin(), entry->threads.end(), self) == entry->threads.end()) {
      entry->threads.push_back(self);
    }
  } catch (...) {
    // Out of memory: the thread is not known to run the context (no wrong-thread reports for it).
  }
}

std::vector<std::thread::id> threads_running_context(const void* context) {
  const std::lock_guard lock{registry_mutex};
  if (loop_registry == nullptr) {
    return {};
  }
  for (const context_threads& entry : loop_registry->contexts) {
    if (entry.context == context) {
      return entry.threads;
    }
  }
  return {};
}

void forget_context_threads(const void* context) noexcept {
  const std::lock_guard lock{registry_mutex};
  if (loop_registry == nullptr) {
    return;
  }
  std::erase_if(loop_registry->contexts,
                [&](const context_threads& entry) { return entry.context == context; });
  std::erase(loop_registry->pools, context);
}

void note_pool_context(const void* context) noexcept {
  // Every post to a pool says so; the registry is asked once per pool and thread.
  constinit thread_local const void* noted = nullptr;
  if (noted == context) {
    return;
  }
  try {
    const std::lock_guard lock{registry_mutex};
    if (loop_registry == nullptr) {
      loop_registry = new registry;
    }
    if (std::find(loop_registry->pools.begin(), loop_registry->pools.end(), context) ==
        loop_registry->pools.end()) {
      loop_registry->pools.push_back(context);
    }
    noted = context;
  } catch (...) {
    // Out of memory: the pool's threads may be taken for loop threads.
  }
}

bool is_pool_context(const void* context) noexcept {
  const std::lock_guard lock{registry_mutex};
  return loop_registry != nullptr &&
         std::find(loop_registry->pools.begin(), loop_registry->pools.end(), context) !=
             loop_registry->pools.end();
}

}  // namespace coroguard::detail
