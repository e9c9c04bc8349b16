#include "core/source_frame.hpp"

#include <cctype>

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

// Asio's own headers: ".../asio/<anything>.hpp" or ".ipp" (standalone, Boost, or vendored).
bool is_asio_header(std::string_view path) noexcept {
  const std::size_t at = path.rfind("/asio/");
  return (at != std::string_view::npos || path.starts_with("asio/")) &&
         (path.ends_with(".hpp") || path.ends_with(".ipp"));
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

bool is_library_header(std::string_view path) noexcept {
  return is_asio_header(path) || contains(path, "/boost/") || is_libstdcxx_header(path) ||
         contains(path, "/include/coroguard/");
}

bool is_runtime_frame(const source_frame& frame) noexcept { return is_runtime_module(frame.module); }

bool is_standard_library_frame(const source_frame& frame) noexcept {
  return is_libstdcxx_header(frame.file) ||
         (frame.file.empty() && base_name(frame.module).starts_with("libstdc++.so"));
}

bool is_library_frame(const source_frame& frame) noexcept {
  return is_runtime_module(frame.module) || (!frame.file.empty() && is_library_header(frame.file));
}

}  // namespace coroguard::detail
