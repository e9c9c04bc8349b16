#include "core/blocking_allowlist.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <new>
#include <utility>

#include "core/names.hpp"

namespace coroguard::detail {
namespace {

constinit std::mutex allowlist_mutex;
// Allocated when a list is set and never freed: nothing runs at static destruction.
constinit std::vector<std::string>* allowlist = nullptr;

// The colon that separates a file from its line: the last one not part of a "::" scope.
std::size_t site_colon(std::string_view entry) noexcept {
  std::size_t found = std::string_view::npos;
  for (std::size_t at = 0; at < entry.size(); ++at) {
    if (entry[at] != ':') {
      continue;
    }
    if (at + 1 < entry.size() && entry[at + 1] == ':') {
      ++at;
      continue;
    }
    found = at;
  }
  return found;
}

bool all_digits(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

bool site_matches(std::string_view entry, std::size_t colon, const source_frame& frame) {
  if (frame.file.empty() || std::to_string(frame.line) != entry.substr(colon + 1)) {
    return false;
  }
  const std::string_view file = entry.substr(0, colon);
  const std::string_view path = frame.file;
  // A base name, or a trailing part of the path that starts at a directory boundary.
  return path == file ||
         (path.ends_with(file) && (file.front() == '/' || path[path.size() - file.size() - 1] == '/'));
}

}  // namespace

const char* allowlist_entry_problem(std::string_view entry) noexcept {
  if (entry.empty()) {
    return "an empty entry";
  }
  const bool blank = std::any_of(entry.begin(), entry.end(), [](char c) {
    return std::isgraph(static_cast<unsigned char>(c)) == 0;
  });
  if (blank) {
    return "a malformed entry";
  }
  const std::size_t colon = site_colon(entry);
  if (colon != std::string_view::npos &&
      (colon == 0 || !all_digits(entry.substr(colon + 1)) || entry[colon + 1] == '0')) {
    return "a malformed entry";
  }
  return nullptr;
}

void set_blocking_allowlist(std::vector<std::string> entries) noexcept {
  const std::lock_guard lock{allowlist_mutex};
  if (allowlist == nullptr) {
    if (entries.empty()) {
      return;
    }
    allowlist = new (std::nothrow) std::vector<std::string>;
    if (allowlist == nullptr) {
      return;
    }
  }
  *allowlist = std::move(entries);
}

bool blocking_allowed(std::string_view blocking_function, const std::vector<source_frame>& frames) {
  const std::lock_guard lock{allowlist_mutex};
  if (allowlist == nullptr) {
    return false;
  }
  for (const std::string& entry : *allowlist) {
    const std::size_t colon = site_colon(entry);
    if (colon != std::string_view::npos) {
      if (std::any_of(frames.begin(), frames.end(), [&](const source_frame& frame) {
            return site_matches(entry, colon, frame);
          })) {
        return true;
      }
      continue;
    }
    if (entry == blocking_function ||
        std::any_of(frames.begin(), frames.end(), [&](const source_frame& frame) {
          return function_display_name(frame.function) == entry;
        })) {
      return true;
    }
  }
  return false;
}

}  // namespace coroguard::detail
