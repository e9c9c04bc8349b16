// RUN: %check_coroguard_tidy -expect-clang-tidy-error %s coroguard-cross-thread-call %t -- --quiet -- %asio_flags -I %inputs

// Templates, dependent and invalid code, macros, odd thread starts and recursion:
// sensible findings and never a crash.

#include <asio.hpp>
#include <pthread.h>
#include <thread>

asio::io_context Loop;
asio::steady_timer Timer(Loop);

// A template: reported for the instantiation whose object is loop-affine, named by
// its class (the template argument is deduced, not written).
template <class Cancellable> void cancel_in_thread(Cancellable &Object) {
  std::thread Worker([&Object] { Object.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:41: warning: 'asio::basic_waitable_timer<std::chrono::steady_clock>::cancel' called on shared 'Object' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Object.get_executor(), [&] { Object.cancel(); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: thread started here
  Worker.join();
}

struct Harmless {
  void cancel() {}
};

template void cancel_in_thread(asio::steady_timer &);
template void cancel_in_thread(Harmless &);

// Never instantiated: dependent calls are skipped.
template <class T> void never_instantiated(T &Value) {
  std::thread Worker([&Value] { Value.cancel(); });
  Worker.join();
}

// From a macro: named by the declaration, the call shortened.
#define CANCEL(Object) (Object).cancel()

void from_macro() {
  std::thread Worker([] { CANCEL(Timer); });
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'asio::steady_timer::cancel' called on shared 'Timer' from a thread that does not run its loop; the loop thread may be using it concurrently — post it to the loop: asio::post(Timer.get_executor(), [&] { Timer.cancel(...); }) [coroguard-cross-thread-call]
  // CHECK-NOTES: :[[@LINE-5]]:33: note: expanded from macro 'CANCEL'
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
  Worker.join();
}

// Odd thread starts: no callable, a function pointer variable, a null routine, a
// function that starts itself.
void worker();
void (*Routine)() = worker;

void odd_starts() {
  std::thread Empty;
  std::thread Indirect(Routine);
  pthread_t Thread;
  pthread_create(&Thread, nullptr, nullptr, nullptr);
  Indirect.join();
}

void recursive_start(int Depth) {
  if (Depth > 0)
    std::thread(recursive_start, Depth - 1).detach();
}

// Executors that refer to each other, and loops of lambdas.
void self_referential() {
  auto First = asio::make_strand(Loop);
  auto Second = First;
  First = Second;
  std::thread Worker([&] {
    asio::post(Second, [] { Timer.cancel(); });
    auto Again = [&] { asio::post(First, [] {}); };
    Again();
  });
  Worker.join();
}

// Invalid code: the rest of the file is still checked.
void broken() {
  std::thread Worker([] { undeclared_timer.cancel(); });
  // CHECK-NOTES: :[[@LINE-1]]:27: error: use of undeclared identifier 'undeclared_timer' [clang-diagnostic-error]
  Worker.join();
}
