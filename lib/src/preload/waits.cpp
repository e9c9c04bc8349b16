// Waits for other threads and processes: pthread_join, pthread_cond_wait and _timedwait,
// pthread_mutex_lock when the mutex is taken, waitpid, wait, system.
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "preload/descriptors.hpp"
#include "preload/wrapper.hpp"
#include "preload/real_function.hpp"

namespace coroguard::preload {
namespace {

constinit real_function<int (*)(pthread_t, void**)> real_pthread_join{"pthread_join"};
constinit real_function<int (*)(pthread_cond_t*, pthread_mutex_t*)> real_cond_wait{
    "pthread_cond_wait"};
constinit real_function<int (*)(pthread_cond_t*, pthread_mutex_t*, const timespec*)>
    real_cond_timedwait{"pthread_cond_timedwait"};
constinit real_function<int (*)(pthread_mutex_t*)> real_mutex_lock{"pthread_mutex_lock"};
constinit real_function<pid_t (*)(pid_t, int*, int)> real_waitpid{"waitpid"};
constinit real_function<int (*)(const char*)> real_system{"system"};

// Without the real function (only while dlsym runs on this thread): equivalents built from
// functions this library does not wrap. A condition wait may always wake spuriously.
int wait_spuriously(pthread_mutex_t* mutex) noexcept {
  pthread_mutex_unlock(mutex);
  sched_yield();
  while (pthread_mutex_trylock(mutex) == EBUSY) {
    sched_yield();
  }
  return 0;
}

}  // namespace
}  // namespace coroguard::preload

using coroguard::detail::blocking_category;
using namespace coroguard::preload;  // NOLINT(google-build-using-namespace): the wrappers' file

COROGUARD_WRAPPER int pthread_join(pthread_t thread, void** result) {
  note_call("pthread_join", blocking_category::thread_join);
  if (auto* function = real_pthread_join.get()) {
    return function(thread, result);
  }
  int joined = 0;
  while ((joined = pthread_tryjoin_np(thread, result)) == EBUSY) {
    sched_yield();
  }
  return joined;
}

COROGUARD_WRAPPER int pthread_cond_wait(pthread_cond_t* condition, pthread_mutex_t* mutex) {
  note_call("pthread_cond_wait", blocking_category::condition_wait);
  auto* function = real_cond_wait.get();
  return function != nullptr ? function(condition, mutex) : wait_spuriously(mutex);
}

COROGUARD_WRAPPER int pthread_cond_timedwait(pthread_cond_t* condition, pthread_mutex_t* mutex,
                                      const timespec* deadline) {
  note_call("pthread_cond_timedwait", blocking_category::condition_wait);
  auto* function = real_cond_timedwait.get();
  return function != nullptr ? function(condition, mutex, deadline) : wait_spuriously(mutex);
}

COROGUARD_WRAPPER int pthread_mutex_lock(pthread_mutex_t* mutex) {
  // Only a lock that actually waits blocks: try first.
  if (coroguard::detail::loop_thread* thread =
          coroguard::detail::loop_thread_watching_blocking_calls()) {
    const int tried = pthread_mutex_trylock(mutex);
    if (tried != EBUSY) {
      return tried;
    }
    coroguard::detail::note_blocking_call(*thread, "pthread_mutex_lock",
                                          blocking_category::mutex_wait);
  }
  if (auto* function = real_mutex_lock.get()) {
    return function(mutex);
  }
  int locked = 0;
  while ((locked = pthread_mutex_trylock(mutex)) == EBUSY) {
    sched_yield();
  }
  return locked;
}

COROGUARD_WRAPPER pid_t waitpid(pid_t process, int* status, int options) {
  if ((options & WNOHANG) == 0) {
    note_call("waitpid", blocking_category::process_wait);
  }
  auto* function = real_waitpid.get();
  return function != nullptr
             ? function(process, status, options)
             : static_cast<pid_t>(::syscall(SYS_wait4, process, status, options, nullptr));
}

COROGUARD_WRAPPER pid_t wait(int* status) {
  note_call("wait", blocking_category::process_wait);
  auto* function = real_waitpid.get();
  return function != nullptr ? function(-1, status, 0)
                             : static_cast<pid_t>(::syscall(SYS_wait4, -1, status, 0, nullptr));
}

COROGUARD_WRAPPER int system(const char* command) {
  if (command != nullptr) {
    note_call("system", blocking_category::process_wait);
  }
  if (auto* function = real_system.get()) {
    return function(command);
  }
  errno = EAGAIN;
  return -1;
}
