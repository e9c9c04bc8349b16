// A library's own helper that blocks: library functions are leaves, known only
// through the catalog, so calling this is not reported.
#pragma once
#pragma clang system_header
#include <thread>

inline void library_helper_that_sleeps() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
}
