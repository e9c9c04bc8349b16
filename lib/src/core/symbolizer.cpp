#include "core/symbolizer.hpp"

#include <dlfcn.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/names.hpp"

namespace coroguard::detail {
namespace {

// libdw is not thread-safe; one session, kept for the life of the process, serves all reports.
constinit std::mutex session_mutex;
constinit Dwfl* session = nullptr;

// Reports the modules mapped right now; called again when an address falls outside all of them
// (a library loaded since).
bool report_modules() {
  // Separate debug information by build ID only: dwfl_standard_find_debuginfo would also start a
  // debuginfod client, which initializes libcurl and OpenSSL inside the program.
  static const Dwfl_Callbacks callbacks{
      .find_elf = dwfl_linux_proc_find_elf,
      .find_debuginfo = dwfl_build_id_find_debuginfo,
      .section_address = nullptr,
      .debuginfo_path = nullptr,
  };
  if (session == nullptr) {
    session = dwfl_begin(&callbacks);
    if (session == nullptr) {
      return false;
    }
  }
  dwfl_report_begin(session);
  const int failed = dwfl_linux_proc_report(session, getpid());
  return dwfl_report_end(session, nullptr, nullptr) == 0 && failed == 0;
}

Dwfl_Module* module_at(Dwarf_Addr address) {
  if (session == nullptr && !report_modules()) {
    return nullptr;
  }
  Dwfl_Module* module = dwfl_addrmodule(session, address);
  if (module == nullptr && report_modules()) {
    module = dwfl_addrmodule(session, address);
  }
  return module;
}

std::string module_location(Dwfl_Module* module, Dwarf_Addr address) {
  Dwarf_Addr start = 0;
  const char* name = dwfl_module_info(module, nullptr, &start, nullptr, nullptr, nullptr, nullptr,
                                      nullptr);
  char offset[32];
  std::snprintf(offset, sizeof offset, "+0x%" PRIx64, address - start);
  return std::string{base_name(name != nullptr ? name : "?")} + offset;
}

// The compile unit covering `address` (relative to the module's bias).
Dwarf_Die* unit_at(Dwfl_Module* module, Dwarf_Addr address, Dwarf_Addr& bias) {
  if (Dwarf_Die* unit = dwfl_module_addrdie(module, address, &bias)) {
    return unit;
  }
  // libdw finds units by .debug_aranges, which clang does not emit by default: scan them instead.
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) {
    if (dwarf_haspc(unit, address - bias) == 1) {
      return unit;
    }
  }
  return nullptr;
}

// A file and line in the source; an empty file when unknown.
struct source_position {
  std::string file;
  unsigned line = 0;
};

source_position line_position(Dwarf_Die* unit, Dwarf_Addr unit_address) {
  Dwarf_Line* line = dwarf_getsrc_die(unit, unit_address);
  int line_number = 0;
  const char* file = line != nullptr ? dwarf_linesrc(line, nullptr, nullptr) : nullptr;
  if (file == nullptr || dwarf_lineno(line, &line_number) != 0 || line_number <= 0) {
    return {};
  }
  return {file, static_cast<unsigned>(line_number)};
}

const char* string_attribute(Dwarf_Die* die, unsigned name) {
  Dwarf_Attribute attribute;
  // _integrate follows DW_AT_abstract_origin and DW_AT_specification to where the name lives.
  return dwarf_formstring(dwarf_attr_integrate(die, name, &attribute));
}

const char* linkage_name(Dwarf_Die* function) {
  for (const unsigned attribute : {DW_AT_linkage_name, DW_AT_MIPS_linkage_name}) {
    if (const char* mangled = string_attribute(function, attribute)) {
      return mangled;
    }
  }
  return nullptr;
}

// Clang names a coroutine's body "<function>.resume", GCC "<function>.actor".
bool is_coroutine_body(std::string_view mangled) noexcept {
  return mangled.ends_with(".resume") || mangled.ends_with(".actor");
}

std::string function_name(Dwarf_Die* function) {
  if (const char* mangled = linkage_name(function)) {
    return demangle(mangled);
  }
  const char* name = string_attribute(function, DW_AT_name);
  return name != nullptr ? name : "??";
}

// Where the call that an inlined function stands for was made.
source_position call_position(Dwarf_Die* unit, Dwarf_Die* inlined, const source_position& fallback) {
  Dwarf_Attribute attribute;
  Dwarf_Word file_index = 0;
  Dwarf_Word line = 0;
  Dwarf_Files* files = nullptr;
  std::size_t file_count = 0;
  if (dwarf_formudata(dwarf_attr(inlined, DW_AT_call_file, &attribute), &file_index) != 0 ||
      dwarf_formudata(dwarf_attr(inlined, DW_AT_call_line, &attribute), &line) != 0 ||
      dwarf_getsrcfiles(unit, &files, &file_count) != 0 || file_index >= file_count) {
    return fallback;
  }
  const char* file = dwarf_filesrc(files, file_index, nullptr, nullptr);
  return file != nullptr ? source_position{file, static_cast<unsigned>(line)} : fallback;
}

// coroguard's own inline helpers (call_site::here(), initial_suspend(), ...) are declared in its
// headers, in the source tree and when installed.
bool is_coroguard_helper(Dwarf_Die* function) {
  const char* file = dwarf_decl_file(function);
  return file != nullptr && std::string_view{file}.find("/include/coroguard/") != std::string_view::npos;
}

bool is_function(Dwarf_Die* die) {
  const int tag = dwarf_tag(die);
  return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

// Appends the functions (outermost first) among `parent`'s descendants whose code contains
// `address`: the function itself, then each inlined call inside it. Walked by hand because
// libdw 0.188's dwarf_getscopes loses its way in clang's DWARF 5 (indexed range lists).
bool find_functions(Dwarf_Die* parent, Dwarf_Addr address, std::vector<Dwarf_Die>& chain) {
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) {
    return false;
  }
  do {
    switch (dwarf_tag(&child)) {
      // Scopes without code of their own, holding functions.
      case DW_TAG_namespace:
      case DW_TAG_class_type:
      case DW_TAG_structure_type:
      case DW_TAG_union_type:
        if (find_functions(&child, address, chain)) {
          return true;
        }
        break;
      default:
        if (dwarf_haspc(&child, address) == 1) {
          if (is_function(&child)) {
            chain.push_back(child);
          }
          find_functions(&child, address, chain);
          return true;
        }
        break;
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return false;
}

std::string module_path(Dwfl_Module* module) {
  const char* name = dwfl_module_info(module, nullptr, nullptr, nullptr, nullptr, nullptr,
                                      nullptr, nullptr);
  return name != nullptr ? name : "?";
}

// The inline chain at `address` from the debug information; empty without it.
std::vector<source_frame> inline_frames(Dwfl_Module* module, Dwarf_Addr address) {
  Dwarf_Addr bias = 0;
  Dwarf_Die* unit = unit_at(module, address, bias);
  if (unit == nullptr) {
    return {};
  }
  std::vector<Dwarf_Die> chain;
  find_functions(unit, address - bias, chain);
  std::vector<source_frame> frames;
  const std::string where_in_module = module_location(module, address);
  const std::string path = module_path(module);
  source_position where = line_position(unit, address - bias);
  // Innermost first; each inlined call's own location is the next one out's.
  for (auto scope = chain.rbegin(); scope != chain.rend(); ++scope) {
    if (!is_coroguard_helper(&*scope)) {
      int definition_line = 0;
      dwarf_decl_line(&*scope, &definition_line);
      const char* mangled = linkage_name(&*scope);
      frames.push_back({
          .function = function_name(&*scope),
          .file = where.file,
          .line = where.line,
          .definition_line = static_cast<unsigned>(definition_line > 0 ? definition_line : 0),
          .module_location = where_in_module,
          .module = path,
          .coroutine_body = mangled != nullptr && is_coroutine_body(mangled),
      });
    }
    where = call_position(unit, &*scope, where);
  }
  return frames;
}

// From the symbol table alone, for code without debug information.
source_frame symbol_frame(Dwfl_Module* module, Dwarf_Addr address) {
  const char* symbol = dwfl_module_addrname(module, address);
  return {
      .function = symbol != nullptr ? demangle(symbol) : std::string{"??"},
      .file = {},
      .line = 0,
      .definition_line = 0,
      .module_location = module_location(module, address),
      .module = module_path(module),
      .coroutine_body = symbol != nullptr && is_coroutine_body(symbol),
  };
}

}  // namespace

std::vector<source_frame> symbolize(const void* code, bool exact) {
  // A call instruction ends just before the address it returns to.
  const Dwarf_Addr address = reinterpret_cast<std::uintptr_t>(code) - (exact ? 0 : 1);
  const std::lock_guard lock{session_mutex};
  Dwfl_Module* module = module_at(address);
  if (module == nullptr) {
    char unknown[48];
    std::snprintf(unknown, sizeof unknown, "%p", code);
    return {{.function = "??",
             .file = {},
             .line = 0,
             .definition_line = 0,
             .module_location = unknown,
             .module = {},
             .coroutine_body = false}};
  }
  std::vector<source_frame> frames = inline_frames(module, address);
  if (frames.empty()) {
    frames.push_back(symbol_frame(module, address));
  }
  return frames;
}

std::vector<std::string> describe_return_address(const void* return_address) {
  std::vector<std::string> described;
  for (const source_frame& frame : symbolize(return_address)) {
    described.push_back(frame.text());
  }
  return described;
}

bool inside_libc(const void* code) noexcept {
  Dl_info info{};
  return dladdr(code, &info) != 0 && info.dli_fname != nullptr &&
         base_name(info.dli_fname).starts_with("libc.so");
}

}  // namespace coroguard::detail
