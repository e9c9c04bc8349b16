#pragma once

#include <string>
#include <vector>

namespace coroguard::detail {

// The readable site of a report built from a call_site: the frame that called into the instrumented
// function (the code that created the task, the caller of the loop method), or the instrumented
// function itself when its caller is unknown.
inline std::string site_from_frames(const std::vector<std::string>& frames) {
  if (frames.size() > 1) {
    return frames[1];
  }
  return frames.empty() ? std::string{} : frames.front();
}

}  // namespace coroguard::detail
