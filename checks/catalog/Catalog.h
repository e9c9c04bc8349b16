//===--- Catalog.h - what blocks, what runs elsewhere ----------*- C++ -*-===//
//
// The lookups behind the checks: library functions that block the calling
// thread (by category, with the non-blocking way to suggest), functions that
// run a callable elsewhere (thread starts, executor posts), co_await-able
// executor switches, executor types by where they run, loop-affine types. The
// rows are data, one .def table per catalog in this folder
// (BlockingFunctions.def, Callables.def, Executors.def, LoopAffinity.def); the
// user's options are merged into them once, here.
//
// Library code is known only through these tables: the call graph does not
// look into system headers. A built-in blocking row therefore only matches
// declarations from system headers (a project's own '::write' is followed,
// not assumed to block); entries from options match anywhere.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_CATALOG_CATALOG_H
#define COROGUARD_CHECKS_CATALOG_CATALOG_H

#include "Exemptions.h"
#include "Names.h"
#include "analysis/OptionParsing.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/StringSaver.h"
#include <cstdint>
#include <optional>
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
  /// Calls its callable argument ArgIndex (LastArgument: the last argument
  /// written) and drops what it returns (std::thread, std::for_each).
  DiscardsResult,
  /// A class whose objects belong to the loop they were created with (a
  /// socket, a timer): only its thread-safe members may be called from a
  /// thread that does not run that loop. Classes derived from it too.
  LoopAffineType,
  /// A member of a loop-affine type that any thread may call ('Class::member',
  /// or '*::member' for every loop-affine type).
  ThreadSafeMember,
  /// A free function that operates on its argument ArgIndex, a loop-affine
  /// object (asio::async_write(socket, ...)).
  LoopAffineArgument,
  /// A function whose body runs off the loop (option OffLoopFunctions).
  OffLoopFunction,
  /// Runs ready handlers of the loop on the calling thread without blocking
  /// (io_context::poll); the blocking way is a Blocking entry of category
  /// RunLoop.
  PollsLoop,
  /// Runs the task given to it to completion on the calling thread
  /// (cppcoro::sync_wait); matches the project's own copy of the library too.
  RunsToCompletion,
  /// A tag type: a coroutine whose first parameter has it and whose second
  /// is an executor starts on that executor (concurrencpp::executor_tag).
  ExecutorTag,
};

/// What a blocking call does (BlockingCategories.def).
enum class BlockingCategory : std::uint8_t {
#define BLOCKING_CATEGORY(Category, Description, Suggestion,                   \
                          NeutralSuggestion)                                   \
  Category,
#include "BlockingCategories.def"
};

/// Where an executor runs the work given to it.
enum class ExecutorPlace : std::uint8_t { Loop, OffLoop, Unknown };

struct CatalogEntry {
  /// Qualified name in the catalog's spelling (qualifiedName). A function
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

  /// ArgIndex of a DiscardsResult entry: the last argument written.
  static constexpr unsigned LastArgument = ~0U;

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
  /// Extra ThreadStart entries under coroguard-cross-thread-call's name.
  std::vector<std::string> ThreadStartFunctions;
  /// Extra Offload entries: their callables run on the executor given.
  std::vector<std::string> PostFunctions;
  /// Extra LoopAffineType entries.
  std::vector<std::string> LoopAffineTypes;
  /// Extra ThreadSafeMember entries.
  std::vector<std::string> ThreadSafeMembers;
  /// OffLoopFunction entries.
  std::vector<std::string> OffLoopFunctions;
};

/// A call that uses a loop-affine object in a way that is not thread-safe.
struct LoopAffineUse {
  /// The LoopAffineType entry of the object's class.
  const CatalogEntry *Type = nullptr;
  /// The object: of a member call, or the argument of a LoopAffineArgument
  /// function.
  const Expr *Object = nullptr;
  /// The member or function called.
  const FunctionDecl *Callee = nullptr;
  /// The LoopAffineArgument entry for a free function; null for a member.
  const CatalogEntry *Function = nullptr;
};

class Catalog {
public:
  explicit Catalog(CatalogOptions Options);
  Catalog(const Catalog &) = delete;
  Catalog &operator=(const Catalog &) = delete;

  /// The suggestion for \p Entry: its own, or its category's. Without \p
  /// Asio, built-in entries get their category's framework-neutral wording.
  static llvm::StringRef suggestion(const CatalogEntry &Entry, bool Asio);
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
  /// Type (or a reference, pointer or std smart pointer to one) runs work.
  ExecutorPlace executorPlace(QualType Type) const;
  /// The class \p Type denotes as an executor: itself, or what a reference,
  /// pointer or std::shared_ptr/std::unique_ptr refers to.
  static const CXXRecordDecl *executorClass(QualType Type);
  /// The entry of \p Kind naming the class of \p Type (a reference or pointer
  /// to it).
  const CatalogEntry *findType(QualType Type, EntryKind Kind) const;
  /// True if \p Type (or what a pointer or std smart pointer to it points
  /// to) is a catalogued executor, or looks like one: it has a member that
  /// takes work (execute, post, submit, enqueue, dispatch, schedule) or names
  /// an executor (get_executor, context).
  bool isExecutorLike(QualType Type) const;
  /// True if \p Call hands its callable arguments to an executor: an Offload
  /// entry, or a member submit, post, execute, enqueue or spawn called on an
  /// executor-like object (pool.submit(f), executor->post(f)).
  bool isOffload(const Expr *Call) const;
  /// True if \p Type is a coroutine token, or wraps one
  /// (as_tuple_t<use_awaitable_t>).
  bool isCoroutineToken(QualType Type) const;
  /// True if AllowedFunctions names \p Function.
  bool isAllowed(const FunctionDecl *Function) const;

  /// The DiscardsResult entry of what \p Call (a CallExpr or CXXConstructExpr)
  /// invokes, if it calls the callable given as its parameter \p ParamIndex and
  /// drops the result; \p IsLastWrittenArgument: whether that argument is the
  /// last one written.
  const CatalogEntry *findResultDiscarder(const Expr *Call, unsigned ParamIndex,
                                          bool IsLastWrittenArgument) const;

  /// The LoopAffineType entry of \p Type's class (a reference or pointer to
  /// it) or of a class it derives from.
  const CatalogEntry *findLoopAffineType(QualType Type) const;
  /// The use \p Call makes of a loop-affine object, unless it is thread-safe:
  /// a member (or member operator) of the object's loop-affine class or of one
  /// of its bases, or a LoopAffineArgument function given the object. Members
  /// of classes derived from a loop-affine class are the project's own code,
  /// not uses.
  std::optional<LoopAffineUse> findLoopAffineUse(const Expr *Call) const;
  /// Whether the translation unit of \p Context may declare a class that an
  /// entry of \p Kind names: a class is named by an identifier of the
  /// translation unit, all of them in its table unless the identifiers of a
  /// PCH or a module are looked up there lazily.
  bool mayDeclareClassOf(EntryKind Kind, const ASTContext &Context) const;
  /// True if \p Call runs the event loop's handlers on the calling thread:
  /// io_context::run (a RunLoop entry), poll.
  bool runsLoop(const Expr *Call) const;
  /// True if OffLoopFunctions names \p Function.
  bool isOffLoopFunction(const FunctionDecl *Function) const {
    return findFunction(Function, EntryKind::OffLoopFunction) != nullptr;
  }
  /// The options the catalog was built from, for storeOptions.
  const CatalogOptions &options() const { return Options; }

private:
  void add(const CatalogEntry &Entry);
  bool matchesCallee(const CatalogEntry &Entry, const FunctionDecl *Callee,
                     const Expr *Object) const;
  ExecutorPlace executorPlaceOf(const CXXRecordDecl *Class,
                                unsigned Depth) const;
  const CatalogEntry *findClass(const CXXRecordDecl *Class,
                                EntryKind Kind) const;
  bool isCoroutineTokenClass(const CXXRecordDecl *Class, unsigned Depth) const;
  const CatalogEntry *findLoopAffineClass(const CXXRecordDecl *Class,
                                          const CXXRecordDecl *&Found,
                                          unsigned Depth) const;
  void addOptionEntries(const std::vector<std::string> &Names, EntryKind Kind);

  const CatalogOptions Options;
  llvm::BumpPtrAllocator Storage;
  llvm::StringSaver Strings{Storage};
  std::vector<CatalogEntry> UserEntries;
  /// Entries by the last component of their name.
  llvm::StringMap<llvm::SmallVector<const CatalogEntry *, 2>> ByLastName;
};

} // namespace clang::tidy::coroguard

#endif
