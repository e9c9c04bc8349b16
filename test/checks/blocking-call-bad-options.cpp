// RUN: %check_coroguard_tidy -expect-clang-tidy-error %s coroguard-blocking-call %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     coroguard-blocking-call.MaxDepth: abc, \
// RUN:     coroguard-blocking-call.AllowedFunctions: 'usleep;bad[', \
// RUN:     coroguard-blocking-call.BlockingFunctions: 'db::query'}}" \
// RUN:   -- -I %inputs
// RUN: %check_coroguard_tidy -expect-clang-tidy-error -check-suffix=RANGE %s coroguard-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {coroguard-blocking-call.MaxDepth: 1000}}" -- -I %inputs

// A bad option value is a configuration error that names the option; the check still
// runs with the valid parts and the defaults for the rest.
// CHECK-MESSAGES: error: invalid value 'abc' for option 'coroguard-blocking-call.MaxDepth': expected an integer from 0 to 64 [clang-tidy-config]
// CHECK-MESSAGES: error: invalid value 'bad[' for option 'coroguard-blocking-call.AllowedFunctions': not a valid regular expression ({{.*}}) [clang-tidy-config]
// CHECK-MESSAGES-RANGE: error: invalid value '1000' for option 'coroguard-blocking-call.MaxDepth': expected an integer from 0 to 64 [clang-tidy-config]

#include <blocking-libs.h>
#include <unistd.h>

namespace db {
void query(const char *Sql);
}

void nap() { sleep(1); }

task still_checked() {
  usleep(1);
  // CHECK-MESSAGES-RANGE: :[[@LINE-1]]:3: warning: 'usleep' blocks the thread running coroutine 'still_checked'; every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  db::query("select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'db::query' blocks the thread running coroutine 'still_checked'; every other task on it stalls — move the work to a thread pool and co_await it [coroguard-blocking-call]
  nap();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'nap' may block the thread running coroutine 'still_checked' (it calls 'sleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  // CHECK-MESSAGES-RANGE: :[[@LINE-2]]:3: warning: 'nap' may block the thread running coroutine 'still_checked' (it calls 'sleep'); every other task on it stalls — co_await an asynchronous timer instead [coroguard-blocking-call]
  co_return;
}
