//===--- Catalog.h - what blocks, what runs elsewhere ----------*- C++ -*-===//
//
// The data behind the checks, in one table: library functions that block the
// calling thread (by category, with the non-blocking way to suggest), functions
// that run a callable elsewhere (thread starts, executor posts), co_await-able
// executor switches, and executor types by where they run. The built-in table
// is constexpr data; the user's options are merged into it once, here.
//
// Library code is known only through this table: the call graph does not look
// into system headers. A built-in entry therefore only matches declarations
// from system headers (a project's own '::write' is followed, not assumed to
// block); entries from options match anywhere.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_CATALOG_H
#define COROGUARD_CHECKS_ANALYSIS_CATALOG_H

#include "OptionParsing.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"
#include <cstdint>
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

enum class EntryKind : std::uint8_t {
  /// A call that blocks the calling thread.
  Blocking,
  /// Runs its callable arguments on a thread of its own (std::thread,
  /// std::async).
  ThreadStart,
  /// Runs its callable arguments on an executor: the first argument of a free
  /// function, the object of a member call (asio::post(ex, f), ex.execute(f)).
  Offload,
  /// A co_await of a call to it resumes the coroutine on the executor it names
  /// (the first argument of a free function, the object of a member call).
  ExecutorSwitch,
  /// An executor or execution context type; Place says where it runs work.
  ExecutorType,
  /// A type that runs work on the executor given as its template argument
  /// ArgIndex (asio::strand<Executor>).
  ExecutorAdaptor,
  /// A completion token bound to the executor given as its template argument
  /// ArgIndex (asio::executor_binder): the operation completes there.
  TokenBinder,
  /// A completion token that resumes the awaiting coroutine on the coroutine's
  /// own executor, wherever the operation ran (asio::use_awaitable_t).
  CoroutineToken,
  /// A std function that keeps its callable arguments to run later
  /// (std::bind); other std functions run them before they return
  /// (std::for_each, std::invoke).
  KeepsCallable,
};

enum class BlockingCategory : std::uint8_t {
  None,
  Sleep,
  FileIO,
  SyncWait,
  Process,
  SyncAsio,
  RunLoop,
  Configured,
};

/// Where an executor runs the work given to it.
enum class ExecutorPlace : std::uint8_t { Loop, OffLoop, Unknown };

/// Arguments that make a blocking call harmless.
enum class Exemption : std::uint8_t {
  None,
  /// Argument ArgIndex is a zero duration: a poll, not a wait.
  ZeroTimeout,
  /// Argument ArgIndex is stdout or stderr: console output, not file I/O.
  StandardStream,
  /// Argument ArgIndex is the file descriptor 1 or 2.
  StandardFd,
  /// Parameter ArgIndex is a std::filesystem::file_status: no disk access.
  FileStatus,
};

struct CatalogEntry {
  /// Qualified name without template arguments and inline namespaces, with
  /// 'boost::asio::' spelled 'asio::'. A function
  /// ('std::this_thread::sleep_for'); a member ('std::future::get': the
  /// object's type or one of its bases is 'std::future'); a class
  /// ('std::thread': its constructors that take arguments); '*::schedule': any
  /// function or member so named.
  llvm::StringRef Name;
  EntryKind Kind;
  BlockingCategory Category = BlockingCategory::None;
  ExecutorPlace Place = ExecutorPlace::Unknown;
  Exemption Exempt = Exemption::None;
  unsigned ArgIndex = 0;
  /// The name shown in diagnostics, when it is not Name.
  llvm::StringRef Display = "";
  /// The non-blocking way, when it is not the category's.
  llvm::StringRef Suggestion = "";
  /// Entries from options match declarations outside system headers too.
  bool FromOptions = false;

  llvm::StringRef displayName() const {
    return Display.empty() ? Name : Display;
  }
};

/// The user's additions and removals, read from the check options.
struct CatalogOptions {
  /// 'name' or 'name=suggestion'; category Configured.
  std::vector<std::string> BlockingFunctions;
  /// Removes matching Blocking entries; project functions so named never block.
  RegexList AllowedFunctions;
  /// Extra ThreadStart entries: their callables run off the loop.
  std::vector<std::string> OffloadFunctions;
  /// Extra ExecutorSwitch entries.
  std::vector<std::string> ExecutorSwitches;
};

class Catalog {
public:
  explicit Catalog(CatalogOptions Options);
  Catalog(const Catalog &) = delete;
  Catalog &operator=(const Catalog &) = delete;

  /// The built-in table, as documented in docs/checks/blocking-call.md.
  static llvm::ArrayRef<CatalogEntry> builtins();
  /// The suggestion for \p Entry: its own, or its category's.
  static llvm::StringRef suggestion(const CatalogEntry &Entry);
  /// What the category does, completing "which ...": "does file I/O".
  static llvm::StringRef describe(BlockingCategory Category);

  /// The entry of \p Kind that \p Call (a CallExpr or CXXConstructExpr)
  /// invokes.
  const CatalogEntry *findCall(const Expr *Call, EntryKind Kind) const;
  /// The entry of \p Kind for \p Function, called on \p Object if it is a
  /// member.
  const CatalogEntry *findFunction(const FunctionDecl *Function, EntryKind Kind,
                                   const Expr *Object = nullptr) const;
  /// The Blocking entry \p Call invokes, unless its arguments make it harmless.
  const CatalogEntry *findBlockingCall(const Expr *Call,
                                       const ASTContext &Context) const;
  /// Where an executor, execution context, strand or bound token of type \p
  /// Type runs work.
  ExecutorPlace executorPlace(QualType Type) const;
  /// The entry of \p Kind naming the class of \p Type (a reference or pointer
  /// to it).
  const CatalogEntry *findType(QualType Type, EntryKind Kind) const;
  /// True if \p Type is a coroutine token, or wraps one
  /// (as_tuple_t<use_awaitable_t>).
  bool isCoroutineToken(QualType Type) const;
  /// True if AllowedFunctions names \p Function.
  bool isAllowed(const FunctionDecl *Function) const;
  /// The options the catalog was built from, for storeOptions.
  const CatalogOptions &options() const { return Options; }

  /// \p Decl's name in the catalog's spelling (see CatalogEntry::Name).
  static std::string qualifiedName(const NamedDecl *Decl);

private:
  void add(const CatalogEntry &Entry);
  bool matchesCallee(const CatalogEntry &Entry, const FunctionDecl *Callee,
                     const Expr *Object) const;
  ExecutorPlace executorPlaceOf(const CXXRecordDecl *Class,
                                unsigned Depth) const;
  const CatalogEntry *findClass(const CXXRecordDecl *Class,
                                EntryKind Kind) const;
  bool isCoroutineTokenClass(const CXXRecordDecl *Class, unsigned Depth) const;

  const CatalogOptions Options;
  llvm::BumpPtrAllocator Storage;
  llvm::StringSaver Strings{Storage};
  std::vector<CatalogEntry> UserEntries;
  /// Entries by the last component of their name.
  llvm::StringMap<llvm::SmallVector<const CatalogEntry *, 2>> ByLastName;
};

} // namespace clang::tidy::coroguard

#endif
