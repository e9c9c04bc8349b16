//===--- CoroguardClangdMain.cpp - clangd with the coroguard checks -------===//
//
// clangd's own main, over Debian's static clangd libraries; the coroguard module is linked in
// and registers itself with clangd's clang-tidy registry like the built-in modules do.

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

int main(int argc, char *argv[]) {
  std::vector<char *> Args(argv, argv + argc);
  bool HasResourceDir = false;
  for (llvm::StringRef Arg : llvm::ArrayRef(argv, argc))
    HasResourceDir |= Arg.starts_with("--resource-dir") || Arg.starts_with("-resource-dir");
  static char ResourceDirFlag[] = "--resource-dir=" COROGUARD_CLANG_RESOURCE_DIR;
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDirFlag);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1, Args.data());
}
