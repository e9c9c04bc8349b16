#pragma once

#include <string>
#include <string_view>

namespace coroguard::detail {

// One frame of a symbolized stack: a function and where in it execution is.
struct source_frame {
  // Demangled, with parameters: "app::session::read(int)", "main".
  std::string function;
  // As the debug information spells it (often absolute); empty without debug information.
  std::string file;
  unsigned line = 0;
  // Where the function is defined; 0 when unknown.
  unsigned definition_line = 0;
  // "module+0xoffset", for code without debug information.
  std::string module_location;
  // The module's path.
  std::string module;
  // The compiler-made body of a coroutine (clang's ".resume", GCC's ".actor" clone).
  bool coroutine_body = false;

  // "function (file:line)", files by base name; "function (module+0xoffset)" without them.
  [[nodiscard]] std::string text() const;
};

// Whether the frame belongs to a library rather than to the program: the C and C++ runtimes,
// Asio, Boost, coroguard itself. Reports show the program's frames.
[[nodiscard]] bool is_library_frame(const source_frame& frame);

// Whether the frame is in a runtime library's module (the C and C++ runtimes, coroguard's own
// libraries, the sanitizers) rather than in the program's.
[[nodiscard]] bool is_runtime_frame(const source_frame& frame) noexcept;

// Whether the frame is the C++ standard library's (std::function, std::invoke, std::thread).
[[nodiscard]] bool is_standard_library_frame(const source_frame& frame) noexcept;

// Whether `path` is a header of Asio (standalone or Boost), Boost, libstdc++ or coroguard. Looks
// at the file system the first time it meets a directory.
[[nodiscard]] bool is_library_header(std::string_view path);

}  // namespace coroguard::detail
