#include "core/source_frame.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/names.hpp"

namespace coroguard::detail {
namespace {

bool contains(std::string_view text, std::string_view part) noexcept {
  return text.find(part) != std::string_view::npos;
}

// ".../include/c++/12/bits/invoke.h": libstdc++'s headers live under a versioned c++ directory.
bool is_libstdcxx_header(std::string_view path) noexcept {
  for (std::size_t at = path.find("/c++/"); at != std::string_view::npos;
       at = path.find("/c++/", at + 1)) {
    const std::size_t version = at + 5;
    if (version < path.size() && std::isdigit(static_cast<unsigned char>(path[version])) != 0) {
      return true;
    }
  }
  return false;
}

// Whether `path` lies under a directory `<root>/<component>/` that holds `marker`: Asio's
// include directory is the one with detail/config.hpp in it (standalone, Boost's, or vendored),
// Boost's the one with version.hpp. A program's own "asio" directory is not.
bool under_directory_with(std::string_view path, std::string_view component,
                          std::string_view marker) {
  static constinit std::mutex cache_mutex;
  // Directories already looked at; never freed (symbolization may run at exit).
  static constinit std::vector<std::pair<std::string, bool>>* known = nullptr;
  for (std::size_t at = path.find(component); at != std::string_view::npos;
       at = path.find(component, at + 1)) {
    const std::string directory{path.substr(0, at + component.size())};
    const std::lock_guard lock{cache_mutex};
    if (known == nullptr) {
      known = new std::vector<std::pair<std::string, bool>>;
    }
    auto entry = std::find_if(known->begin(), known->end(),
                              [&](const auto& seen) { return seen.first == directory; });
    if (entry == known->end()) {
      const std::string marker_path = directory + std::string{marker};
      known->emplace_back(directory, ::access(marker_path.c_str(), F_OK) == 0);
      entry = known->end() - 1;
    }
    if (entry->second) {
      return true;
    }
  }
  return false;
}

bool is_asio_header(std::string_view path) {
  return under_directory_with(path, "/asio/", "detail/config.hpp");
}

bool is_runtime_module(std::string_view module) noexcept {
  const std::string_view name = base_name(module);
  for (const std::string_view runtime :
       {"libc.so", "libstdc++.so", "libgcc_s.so", "libm.so", "ld-linux", "libcoroguard",
        "libclang_rt", "libasan.so", "libubsan.so", "libdw.so", "libelf.so", "[vdso"}) {
    if (name.starts_with(runtime)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string source_frame::text() const {
  if (!file.empty()) {
    return function + " (" + std::string{base_name(file)} + ":" + std::to_string(line) + ")";
  }
  return function + " (" + module_location + ")";
}

bool is_library_header(std::string_view path) {
  return is_libstdcxx_header(path) || contains(path, "/include/coroguard/") ||
         is_asio_header(path) || under_directory_with(path, "/boost/", "version.hpp");
}

bool is_runtime_frame(const source_frame& frame) noexcept { return is_runtime_module(frame.module); }

bool is_standard_library_frame(const source_frame& frame) noexcept {
  if (!frame.file.empty()) {
    return is_libstdcxx_header(frame.file);
  }
  return base_name(frame.module).starts_with("libstdc++.so") ||
         function_display_name(frame.function).starts_with("std::");
}

// Without debug information, by name: the libraries' namespaces, the process's start.
bool is_library_function(std::string_view function) noexcept {
  const std::string_view name = function_display_name(function);
  for (const std::string_view prefix : {"asio::", "boost::", "std::", "__gnu_cxx::", "coroguard::"}) {
    if (name.starts_with(prefix)) {
      return true;
    }
  }
  return name == "_start" || name.starts_with("__libc_start");
}

bool is_library_frame(const source_frame& frame) {
  if (is_runtime_module(frame.module)) {
    return true;
  }
  return frame.file.empty() ? is_library_function(frame.function) : is_library_header(frame.file);
}

}  // namespace coroguard::detail
