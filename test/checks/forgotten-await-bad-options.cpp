// RUN: %check_coroguard_tidy -expect-clang-tidy-error %s coroguard-forgotten-await %t -- \
// RUN:   -config="{CheckOptions: { \
// RUN:     coroguard-forgotten-await.AwaitableTypes: 'good::name;bad[', \
// RUN:     coroguard-forgotten-await.LazyTypes: 'a(b', \
// RUN:     coroguard-forgotten-await.EagerTypes: '*', \
// RUN:     coroguard-forgotten-await.IgnoredTypes: 'ok::.*', \
// RUN:     coroguard-forgotten-await.AllowCastToVoid: maybe}}" \
// RUN:   -- -I %inputs

// A bad option value is a configuration error that names the option; the check still
// runs with the valid parts and the defaults for the rest. clang-tidy prints location-less
// diagnostics sorted by message.
// CHECK-MESSAGES: error: invalid value '*' for option 'coroguard-forgotten-await.EagerTypes': not a valid regular expression ({{.*}}) [clang-tidy-config]
// CHECK-MESSAGES: error: invalid value 'a(b' for option 'coroguard-forgotten-await.LazyTypes': not a valid regular expression (parentheses not balanced) [clang-tidy-config]
// CHECK-MESSAGES: error: invalid value 'bad[' for option 'coroguard-forgotten-await.AwaitableTypes': not a valid regular expression ({{.*}}) [clang-tidy-config]
// CHECK-MESSAGES: error: invalid value 'maybe' for option 'coroguard-forgotten-await.AllowCastToVoid': expected 'true' or 'false' [clang-tidy-config]

#include "task.h"

lazy::task<int> fetch();

void still_checked() {
  fetch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: result of 'fetch' is discarded; the lazy task never runs — co_await it [coroguard-forgotten-await]
}
