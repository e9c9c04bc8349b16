#pragma once

#include <thread>

namespace coroguard::detail {

// Small, stable numbers for threads in reports ("thread 1", "thread 2"), given in the order
// threads first appear in one.
unsigned thread_number(std::thread::id thread);

void reset_thread_numbers_for_tests() noexcept;

}  // namespace coroguard::detail
