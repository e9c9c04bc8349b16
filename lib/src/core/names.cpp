#include "core/names.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <string_view>

namespace coroguard::detail {

std::string demangle(const char* name) {
  int status = 0;
  const std::unique_ptr<char, decltype(&std::free)> readable{
      abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free};
  if (status != 0 || !readable) {
    return name;
  }
  std::string text{readable.get()};
  // Compiler-made copies ("f(int) [clone .resume]" is a coroutine's body) are the function to a
  // reader.
  for (std::size_t clone = text.rfind(" [clone "); clone != std::string::npos && text.ends_with(']');
       clone = text.rfind(" [clone ")) {
    text.erase(clone);
  }
  // libstdc++'s ABI tags are noise to a reader.
  constexpr std::string_view abi_tag = "[abi:cxx11]";
  for (std::size_t at = text.find(abi_tag); at != std::string::npos; at = text.find(abi_tag, at)) {
    text.erase(at, abi_tag.size());
  }
  // libstdc++'s std::string spelled out fills a line; everybody knows it by its alias.
  constexpr std::string_view spelled_out =
      "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
  for (std::size_t at = text.find(spelled_out); at != std::string::npos;
       at = text.find(spelled_out, at)) {
    text.replace(at, spelled_out.size(), "std::string");
  }
  return text;
}

std::string_view function_display_name(std::string_view signature) noexcept {
  // Clang and GCC append the template arguments: "... [T = int]" / "... [with T = int]".
  if (signature.ends_with(']')) {
    const std::size_t open = signature.rfind(" [");
    if (open != std::string_view::npos) {
      signature = signature.substr(0, open);
    }
  }
  // The parameter list is the last parenthesized group outside template arguments; what follows
  // it (const, noexcept, ...) goes with it.
  int parens = 0;
  int angles = 0;
  std::size_t end = signature.size();
  for (std::size_t i = signature.size(); i-- > 0;) {
    const char c = signature[i];
    if (c == '>') {
      ++angles;
    } else if (c == '<' && angles > 0) {
      --angles;
    } else if (c == ')' && angles == 0) {
      ++parens;
    } else if (c == '(' && angles == 0 && parens > 0) {
      --parens;
      if (parens == 0) {
        end = i;
        break;
      }
    }
  }
  signature = signature.substr(0, end);
  // The return type ends at the last space outside parentheses and template arguments.
  parens = 0;
  angles = 0;
  for (std::size_t i = signature.size(); i-- > 0;) {
    const char c = signature[i];
    if (c == '>') {
      ++angles;
    } else if (c == '<' && angles > 0) {
      --angles;
    } else if (c == ')') {
      ++parens;
    } else if (c == '(' && parens > 0) {
      --parens;
    } else if (c == ' ' && parens == 0 && angles == 0) {
      return signature.substr(i + 1);
    }
  }
  return signature;
}

std::string_view base_name(std::string_view path) noexcept {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace coroguard::detail
