#include "chat.h"

namespace chat {

void history::append(std::string line) {
  const std::lock_guard lock(mutex_);
  lines_.push_back(std::move(line));
}

std::vector<std::string> history::snapshot() const {
  const std::lock_guard lock(mutex_);
  return lines_;
}

} // namespace chat
