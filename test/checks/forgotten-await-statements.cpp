// RUN: %check_coroguard_tidy %s coroguard-forgotten-await %t -- --quiet -- -I %inputs

// Where a statement drops its value: the statements of a block, of a case, of a label, of a
// loop or branch, the clauses of a for loop, the left of a comma, the branches of a
// conditional, and every statement of a statement expression but the last, which is its
// value. A co_await fix-it where the call is the whole statement.
#include "task.h"

lazy::task<> fetch();
lazy::task<int> fetch_int();
int pick(int);

lazy::task<> positions(int n) {
  switch (n) {
  case 0:
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
    break;
  case 1: {
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
    [[fallthrough]];
  }
  case 2:
  case 3:
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
    break;
  default:
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  }
again:
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  co_await fetch();{{$}}
  if (n > 10)
    goto again;
  for (fetch(); n < 3; fetch(), ++n)
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  n > 2 ? fetch() : fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  int kept = ({ fetch(); pick(n); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
  // CHECK-FIXES: {{^}}  int kept = ({ co_await fetch(); pick(n); });{{$}}
  // The last statement gives the value: kept, then awaited. An empty one gives none.
  auto value = ({ pick(n); fetch_int(); });
  ({});
  co_await std::move(value);
  (void)kept;
  {
    {
      fetch();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
      // CHECK-FIXES: {{^}}      co_await fetch();{{$}}
    }
  }
  while (n-- > 0) {
    if (n == 5)
      continue;
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  }
  do
    fetch();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
    // CHECK-FIXES: {{^}}    co_await fetch();{{$}}
  while (false);
  co_return;
}
