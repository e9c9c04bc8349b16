// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// The code outside functions: initializers of variables at namespace scope, of static
// members and of fields, template instantiations included, found by one walk of the
// declarations outside functions (LocalParents::initializerOwners). A task kept in a
// variable outside a function is not lost.
#include "task.h"
#include <functional>

lazy::task<> fetch();
template <typename T> lazy::task<T> fetch_as();
template <typename F> void run_now(F f) { f(); }

// Namespace scope: a comma, a lambda run at once, a lambda handed to code that drops its result.
int at_namespace = (fetch(), 1);
// CHECK-MESSAGES: :[[@LINE-1]]:21: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
auto run_at_once = [] { fetch(); return 0; }();
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
inline int handed = (run_now([]() -> lazy::task<> { co_return; }), 0);
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: coroutine lambda passed to 'run_now' is called and its task discarded; the lazy task never runs — wrap it in a callable that spawns or awaits the task [coroguard-forgotten-await]
namespace inner {
int nested = (fetch_as<int>(), 2);
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: result of 'fetch_as' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
}
extern "C++" { int linked = (fetch(), 3); }
// CHECK-MESSAGES: :[[@LINE-1]]:30: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]

// A class template's static member, instantiated twice; a variable template.
template <typename T> struct holder {
  static inline int member = (fetch_as<T>(), 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: result of 'fetch_as' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  int field = (fetch_as<T>(), 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: result of 'fetch_as' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
};
int use_members = holder<int>::member + holder<long>::member + holder<int>{}.field;
template <typename T> int per_type = (fetch_as<T>(), 6);
// CHECK-MESSAGES: :[[@LINE-1]]:39: warning: result of 'fetch_as' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
int use_template = per_type<char> + per_type<short>;

// Fields' default initializers.
struct with_fields {
  int plain = (fetch(), 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  std::function<int()> later = [] { fetch(); return 8; };
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  struct nested_fields { int deep = (fetch(), 9); } nested;
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
};
with_fields instance;

// Kept outside a function: not lost.
lazy::task<> kept = fetch();
template <typename T> struct keeps {
  static inline lazy::task<T> member = fetch_as<T>();
};
lazy::task<int> &use_kept = keeps<int>::member;

// Static locals and locals are their function's code.
lazy::task<> body() {
  static int once = (fetch(), 10);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  int local = (fetch(), 11);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  co_return;
}
