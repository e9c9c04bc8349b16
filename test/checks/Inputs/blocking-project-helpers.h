// A project header (not a system header): its functions are followed.
#pragma once
#include <unistd.h>

inline void flush_journal() { fsync(3); }
inline void save_state() { flush_journal(); }
