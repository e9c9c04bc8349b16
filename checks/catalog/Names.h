//===--- Names.h - catalog spelling and name lists -------------*- C++ -*-===//
//
// How the catalog spells a declaration's name, and the lists of plain names
// the analysis recognises (Names.def, Executors.def), looked up by list.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CATALOG_NAMES_H
#define COROGUARD_CHECKS_CATALOG_NAMES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace clang::tidy::coroguard {

/// A list of names in Names.def or Executors.def. Whole names unless said
/// otherwise.
enum class NameList : std::uint8_t {
  StdForwardingCasts,
  StdInvokers,
  StdSmartPointers,
  StdSmartPointerFactories,
  SmartPointerGetters,
  SelfPointerMembers,
  StdReferenceWrappers,
  StdFunctionWrappers,
  EmplaceMembers,
  /// Members of a container that store an element, or make room for one.
  TaskStoreMembers,
  StandardStreams,
  StreamDescriptorFunctions,
  /// Macros and enumerators that make a descriptor non-blocking.
  NonBlockingFlags,
  /// Qualified names, matched with hasQualifiedNameIn.
  FileStatusTypes,
  ThrowAssertionMacros,
  /// Members that wait for an object's result, members that ask whether it
  /// is ready, and members whose co_await resumes once it is.
  ResultWaitMembers,
  ReadinessQueries,
  ResolvingAwaits,
  /// Prefixes: test frameworks' assertion macros.
  TestAssertionMacroPrefixes,
  /// Prefixes.
  ThrowAssertionMacroPrefixes,
  /// Prefixes of a lower-cased name without underscores.
  ThrowAssertionFunctionPrefixes,
  /// Words contained in a lower-cased name without underscores.
  ThrowAssertionFunctionWords,
  ExecutorMembers,
  OffloadMembers,
  ExecutorGetters,
  /// Qualified names, matched with hasQualifiedNameIn: functions that end the
  /// process.
  ProcessEnders,
};

/// The names of \p List, in table order.
llvm::ArrayRef<llvm::StringRef> namesIn(NameList List);
/// True if \p Name is one of \p List's names.
bool isInNameList(NameList List, llvm::StringRef Name);
/// True if \p Name starts with one of \p List's names.
bool startsWithNameIn(NameList List, llvm::StringRef Name);
/// True if \p Function is a std function named in \p List.
bool isStdFunctionIn(const FunctionDecl *Function, NameList List);
/// True if \p Decl's qualifiedName is one of \p List's names.
bool hasQualifiedNameIn(const NamedDecl *Decl, NameList List);

/// True if \p Name (a macro's) is a gtest or Catch2 macro that runs a
/// statement only to see whether it throws.
bool isThrowAssertionMacro(llvm::StringRef Name);
/// True if a macro \p Loc is expanded from, directly or through other macros,
/// has a name \p IsName accepts (O_NONBLOCK may be defined through others).
bool isExpandedFromMacro(SourceLocation Loc, const ASTContext &Context,
                         llvm::function_ref<bool(llvm::StringRef)> IsName);
/// True if \p Name (a function's) says it asserts that a callable throws:
/// assert_throws, expectThrow, REQUIRE_THROWS_AS...
bool isThrowAssertionName(llvm::StringRef Name);

/// \p Decl's name in the catalog's spelling: qualified, without template
/// arguments and inline namespaces, 'boost::asio::' spelled 'asio::'; with
/// \p KeepBoost, 'boost::asio::' stays as written, for messages.
std::string qualifiedName(const NamedDecl *Decl, bool KeepBoost = false);
/// True if \p Decl's qualifiedName is \p Name; told without building the
/// name, for the lookups every call goes through.
bool hasQualifiedName(const NamedDecl *Decl, llvm::StringRef Name);
/// A user-written name in the catalog's spelling.
std::string normalizeName(llvm::StringRef Name);
/// What follows the last '::' of \p Name (all of it if none).
llvm::StringRef lastComponent(llvm::StringRef Name);
/// What precedes the last '::' of \p Name (empty if none).
llvm::StringRef scopeOf(llvm::StringRef Name);

/// The class \p Type names, through a reference or a pointer.
const CXXRecordDecl *classNamedBy(QualType Type);

} // namespace clang::tidy::coroguard

#endif
