// A library header found through -isystem: its macros' own code is not the user's.
#pragma once
#include "task.h"

namespace lib {
lazy::task<> heartbeat();
}

#define LIB_START_HEARTBEAT() lib::heartbeat()
#define LIB_KEEP_ALIVE()                                                         \
  do {                                                                           \
    auto keep_alive = lib::heartbeat();                                          \
  } while (false)
