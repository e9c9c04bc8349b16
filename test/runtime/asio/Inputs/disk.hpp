// A helper at a line that stays put, for COROGUARD_ALLOW_BLOCKING's file:line entries.
#pragma once
#include <unistd.h>
inline void saves_settings(int fd) {
  static_cast<void>(::write(fd, "x", 1));
  ::fsync(fd);  // disk.hpp:6
}
