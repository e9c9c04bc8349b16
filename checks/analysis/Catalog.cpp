//===--- Catalog.cpp - what blocks, what runs elsewhere -------------------===//

#include "Catalog.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::coroguard {
namespace {

using enum BlockingCategory;
using enum EntryKind;

constexpr CatalogEntry blocks(llvm::StringRef Name, BlockingCategory Category,
                              llvm::StringRef Suggestion = "") {
  CatalogEntry Entry{Name, Blocking};
  Entry.Category = Category;
  Entry.Suggestion = Suggestion;
  return Entry;
}

constexpr CatalogEntry blocksUnless(llvm::StringRef Name,
                                    BlockingCategory Category, Exemption Exempt,
                                    unsigned ArgIndex) {
  CatalogEntry Entry = blocks(Name, Category);
  Entry.Exempt = Exempt;
  Entry.ArgIndex = ArgIndex;
  return Entry;
}

constexpr CatalogEntry shownAs(llvm::StringRef Name, BlockingCategory Category,
                               llvm::StringRef Display) {
  CatalogEntry Entry = blocks(Name, Category);
  Entry.Display = Display;
  return Entry;
}

constexpr CatalogEntry entry(llvm::StringRef Name, EntryKind Kind) {
  return {Name, Kind};
}

constexpr CatalogEntry runsOn(llvm::StringRef Name, ExecutorPlace Place) {
  CatalogEntry Entry{Name, ExecutorType};
  Entry.Place = Place;
  return Entry;
}

/// A template whose argument \p ExecutorArgIndex is the executor it uses.
constexpr CatalogEntry usesExecutorArgument(llvm::StringRef Name,
                                            EntryKind Kind,
                                            unsigned ExecutorArgIndex) {
  CatalogEntry Entry{Name, Kind};
  Entry.ArgIndex = ExecutorArgIndex;
  return Entry;
}

constexpr llvm::StringLiteral AsyncAccept =
    "use co_await acceptor.async_accept(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncConnect =
    "use co_await socket.async_connect(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncReadSome =
    "use co_await socket.async_read_some(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncWriteSome =
    "use co_await socket.async_write_some(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncReceive =
    "use co_await socket.async_receive(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncSend =
    "use co_await socket.async_send(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncReceiveFrom =
    "use co_await socket.async_receive_from(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncSendTo =
    "use co_await socket.async_send_to(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncWait =
    "use co_await object.async_wait(..., use_awaitable)";
constexpr llvm::StringLiteral AsyncResolve =
    "use co_await resolver.async_resolve(..., use_awaitable)";

// The documented table (docs/checks/blocking-call.md lists it in full).
constexpr CatalogEntry Builtins[] = {
    // Sleeping.
    blocks("std::this_thread::sleep_for", Sleep),
    blocks("std::this_thread::sleep_until", Sleep),
    blocks("boost::this_thread::sleep_for", Sleep),
    blocks("boost::this_thread::sleep_until", Sleep),
    blocks("boost::this_thread::sleep", Sleep),
    blocks("sleep", Sleep),
    blocks("usleep", Sleep),
    blocks("nanosleep", Sleep),
    blocks("clock_nanosleep", Sleep),

    // File streams: reported where the file is opened, not per read.
    shownAs("std::basic_ifstream", FileIO, "std::ifstream"),
    shownAs("std::basic_ofstream", FileIO, "std::ofstream"),
    shownAs("std::basic_fstream", FileIO, "std::fstream"),
    shownAs("std::basic_ifstream::open", FileIO, "std::ifstream::open"),
    shownAs("std::basic_ofstream::open", FileIO, "std::ofstream::open"),
    shownAs("std::basic_fstream::open", FileIO, "std::fstream::open"),
    shownAs("std::basic_filebuf::open", FileIO, "std::filebuf::open"),
    // C stdio on files; console output through stdout and stderr is fine.
    blocks("fopen", FileIO),
    blocks("fopen64", FileIO),
    blocks("freopen", FileIO),
    blocks("fread", FileIO),
    blocks("fgets", FileIO),
    blocks("fgetc", FileIO),
    blocks("fscanf", FileIO),
    blocks("getline", FileIO),
    blocks("getdelim", FileIO),
    blocksUnless("fwrite", FileIO, Exemption::StandardStream, 3),
    blocksUnless("fputs", FileIO, Exemption::StandardStream, 1),
    blocksUnless("fputc", FileIO, Exemption::StandardStream, 1),
    blocksUnless("fprintf", FileIO, Exemption::StandardStream, 0),
    blocksUnless("vfprintf", FileIO, Exemption::StandardStream, 0),
    blocksUnless("fflush", FileIO, Exemption::StandardStream, 0),
    // POSIX file I/O.
    blocks("open", FileIO),
    blocks("open64", FileIO),
    blocks("openat", FileIO),
    blocks("creat", FileIO),
    blocks("read", FileIO),
    blocks("pread", FileIO),
    blocks("readv", FileIO),
    blocksUnless("write", FileIO, Exemption::StandardFd, 0),
    blocksUnless("writev", FileIO, Exemption::StandardFd, 0),
    blocks("pwrite", FileIO),
    blocks("fsync", FileIO),
    blocks("fdatasync", FileIO),
    blocks("sync", FileIO),
    blocks("syncfs", FileIO),
    blocks("stat", FileIO),
    blocks("stat64", FileIO),
    blocks("lstat", FileIO),
    blocks("fstat", FileIO),
    blocks("fstatat", FileIO),
    blocks("access", FileIO),
    blocks("faccessat", FileIO),
    blocks("truncate", FileIO),
    blocks("ftruncate", FileIO),
    blocks("unlink", FileIO),
    blocks("unlinkat", FileIO),
    blocks("rename", FileIO),
    blocks("mkdir", FileIO),
    blocks("rmdir", FileIO),
    blocks("opendir", FileIO),
    blocks("readdir", FileIO),
    blocks("sendfile", FileIO),
    blocks("copy_file_range", FileIO),
    // std::filesystem operations that touch the disk (path manipulation does
    // not).
    blocksUnless("std::filesystem::exists", FileIO, Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_regular_file", FileIO,
                 Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_directory", FileIO, Exemption::FileStatus,
                 0),
    blocksUnless("std::filesystem::is_symlink", FileIO, Exemption::FileStatus,
                 0),
    blocksUnless("std::filesystem::is_empty", FileIO, Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_block_file", FileIO,
                 Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_character_file", FileIO,
                 Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_fifo", FileIO, Exemption::FileStatus, 0),
    blocksUnless("std::filesystem::is_socket", FileIO, Exemption::FileStatus,
                 0),
    blocksUnless("std::filesystem::is_other", FileIO, Exemption::FileStatus, 0),
    blocks("std::filesystem::status", FileIO),
    blocks("std::filesystem::symlink_status", FileIO),
    blocks("std::filesystem::file_size", FileIO),
    blocks("std::filesystem::hard_link_count", FileIO),
    blocks("std::filesystem::last_write_time", FileIO),
    blocks("std::filesystem::space", FileIO),
    blocks("std::filesystem::canonical", FileIO),
    blocks("std::filesystem::weakly_canonical", FileIO),
    blocks("std::filesystem::relative", FileIO),
    blocks("std::filesystem::proximate", FileIO),
    blocks("std::filesystem::equivalent", FileIO),
    blocks("std::filesystem::copy", FileIO),
    blocks("std::filesystem::copy_file", FileIO),
    blocks("std::filesystem::copy_symlink", FileIO),
    blocks("std::filesystem::create_directory", FileIO),
    blocks("std::filesystem::create_directories", FileIO),
    blocks("std::filesystem::create_directory_symlink", FileIO),
    blocks("std::filesystem::create_hard_link", FileIO),
    blocks("std::filesystem::create_symlink", FileIO),
    blocks("std::filesystem::permissions", FileIO),
    blocks("std::filesystem::read_symlink", FileIO),
    blocks("std::filesystem::remove", FileIO),
    blocks("std::filesystem::remove_all", FileIO),
    blocks("std::filesystem::rename", FileIO),
    blocks("std::filesystem::resize_file", FileIO),
    blocks("std::filesystem::temp_directory_path", FileIO),
    blocks("std::filesystem::directory_iterator", FileIO),
    blocks("std::filesystem::recursive_directory_iterator", FileIO),
    blocks("std::filesystem::directory_entry", FileIO),
    blocks("std::filesystem::directory_entry::refresh", FileIO),

    // Synchronous waits; a zero timeout is a poll.
    blocks("std::future::get", SyncWait),
    blocks("std::future::wait", SyncWait),
    blocksUnless("std::future::wait_for", SyncWait, Exemption::ZeroTimeout, 0),
    blocks("std::future::wait_until", SyncWait),
    blocks("std::shared_future::get", SyncWait),
    blocks("std::shared_future::wait", SyncWait),
    blocksUnless("std::shared_future::wait_for", SyncWait,
                 Exemption::ZeroTimeout, 0),
    blocks("std::shared_future::wait_until", SyncWait),
    blocks("std::thread::join", SyncWait),
    blocks("std::jthread::join", SyncWait),
    blocks("boost::thread::join", SyncWait),
    blocks("std::condition_variable::wait", SyncWait),
    blocksUnless("std::condition_variable::wait_for", SyncWait,
                 Exemption::ZeroTimeout, 1),
    blocks("std::condition_variable::wait_until", SyncWait),
    blocks("std::condition_variable_any::wait", SyncWait),
    blocksUnless("std::condition_variable_any::wait_for", SyncWait,
                 Exemption::ZeroTimeout, 1),
    blocks("std::condition_variable_any::wait_until", SyncWait),
    blocks("std::latch::wait", SyncWait),
    blocks("std::latch::arrive_and_wait", SyncWait),
    blocks("std::barrier::wait", SyncWait),
    blocks("std::barrier::arrive_and_wait", SyncWait),
    blocks("std::counting_semaphore::acquire", SyncWait),
    blocksUnless("std::counting_semaphore::try_acquire_for", SyncWait,
                 Exemption::ZeroTimeout, 0),
    blocks("std::counting_semaphore::try_acquire_until", SyncWait),
    blocks("pthread_join", SyncWait),
    blocks("pthread_cond_wait", SyncWait),
    blocks("pthread_cond_timedwait", SyncWait),
    blocks("cppcoro::sync_wait", SyncWait),
    blocks("folly::coro::blockingWait", SyncWait),
    blocks("stdexec::sync_wait", SyncWait),
    blocks("std::this_thread::sync_wait", SyncWait),
    blocks("async_simple::coro::syncAwait", SyncWait),
    blocks("asio::thread_pool::join", SyncWait),
    blocks("asio::thread_pool::wait", SyncWait),

    // Processes and name resolution.
    blocks("system", Process),
    blocks("popen", Process),
    blocks("pclose", Process),
    blocks("wait", Process),
    blocks("waitpid", Process),
    blocks("waitid", Process),
    blocks("getaddrinfo", Process, AsyncResolve),
    blocks("getnameinfo", Process, AsyncResolve),
    blocks("gethostbyname", Process, AsyncResolve),
    blocks("gethostbyname2", Process, AsyncResolve),
    blocks("gethostbyaddr", Process, AsyncResolve),

    // Synchronous Asio operations; queries (available, remote_endpoint, ...)
    // are fine.
    blocks("asio::basic_socket::connect", SyncAsio, AsyncConnect),
    blocks("asio::basic_socket::wait", SyncAsio, AsyncWait),
    blocks("asio::basic_stream_socket::read_some", SyncAsio, AsyncReadSome),
    blocks("asio::basic_stream_socket::write_some", SyncAsio, AsyncWriteSome),
    blocks("asio::basic_stream_socket::receive", SyncAsio, AsyncReceive),
    blocks("asio::basic_stream_socket::send", SyncAsio, AsyncSend),
    blocks("asio::basic_datagram_socket::receive", SyncAsio, AsyncReceive),
    blocks("asio::basic_datagram_socket::send", SyncAsio, AsyncSend),
    blocks("asio::basic_datagram_socket::receive_from", SyncAsio,
           AsyncReceiveFrom),
    blocks("asio::basic_datagram_socket::send_to", SyncAsio, AsyncSendTo),
    blocks("asio::basic_raw_socket::receive", SyncAsio, AsyncReceive),
    blocks("asio::basic_raw_socket::send", SyncAsio, AsyncSend),
    blocks("asio::basic_raw_socket::receive_from", SyncAsio, AsyncReceiveFrom),
    blocks("asio::basic_raw_socket::send_to", SyncAsio, AsyncSendTo),
    blocks("asio::basic_seq_packet_socket::receive", SyncAsio, AsyncReceive),
    blocks("asio::basic_seq_packet_socket::send", SyncAsio, AsyncSend),
    blocks("asio::basic_socket_acceptor::accept", SyncAsio, AsyncAccept),
    blocks("asio::basic_socket_acceptor::wait", SyncAsio, AsyncWait),
    blocks("asio::basic_waitable_timer::wait", SyncAsio,
           "use co_await timer.async_wait(use_awaitable)"),
    blocks("asio::basic_deadline_timer::wait", SyncAsio,
           "use co_await timer.async_wait(use_awaitable)"),
    blocks("asio::ip::basic_resolver::resolve", SyncAsio, AsyncResolve),
    blocks("asio::basic_serial_port::read_some", SyncAsio, AsyncReadSome),
    blocks("asio::basic_serial_port::write_some", SyncAsio, AsyncWriteSome),
    blocks("asio::posix::basic_stream_descriptor::read_some", SyncAsio,
           AsyncReadSome),
    blocks("asio::posix::basic_stream_descriptor::write_some", SyncAsio,
           AsyncWriteSome),
    blocks("asio::posix::basic_descriptor::wait", SyncAsio, AsyncWait),
    blocks("asio::read", SyncAsio,
           "use co_await asio::async_read(..., use_awaitable)"),
    blocks("asio::read_at", SyncAsio,
           "use co_await asio::async_read_at(..., use_awaitable)"),
    blocks("asio::read_until", SyncAsio,
           "use co_await asio::async_read_until(..., use_awaitable)"),
    blocks("asio::write", SyncAsio,
           "use co_await asio::async_write(..., use_awaitable)"),
    blocks("asio::write_at", SyncAsio,
           "use co_await asio::async_write_at(..., use_awaitable)"),
    blocks("asio::connect", SyncAsio,
           "use co_await asio::async_connect(..., use_awaitable)"),
    // Running a loop from inside a coroutine.
    blocks("asio::io_context::run", RunLoop),
    blocks("asio::io_context::run_one", RunLoop),
    blocks("asio::io_context::run_for", RunLoop),
    blocks("asio::io_context::run_until", RunLoop),

    // Callables run on a thread of their own.
    entry("std::thread", ThreadStart),
    entry("std::jthread", ThreadStart),
    entry("boost::thread", ThreadStart),
    entry("std::async", ThreadStart),
    entry("pthread_create", ThreadStart),
    // Callables run on the executor given.
    entry("asio::post", Offload),
    entry("asio::dispatch", Offload),
    entry("asio::defer", Offload),
    entry("asio::co_spawn", Offload),
    entry("*::execute", Offload),
    // Tasks run to completion on the calling thread: a coroutine lambda only
    // run so is not on the loop.
    entry("cppcoro::sync_wait", RunsToCompletion),
    entry("folly::coro::blockingWait", RunsToCompletion),
    entry("async_simple::coro::syncAwait", RunsToCompletion),
    entry("stdexec::sync_wait", RunsToCompletion),
    entry("std::this_thread::sync_wait", RunsToCompletion),
    // std functions that keep their callables for later; the others run them
    // before they return.
    entry("std::bind", KeepsCallable),
    entry("std::bind_front", KeepsCallable),
    entry("std::bind_back", KeepsCallable),
    entry("std::ref", KeepsCallable),
    entry("std::cref", KeepsCallable),
    entry("std::make_shared", KeepsCallable),
    entry("std::make_unique", KeepsCallable),
    entry("std::make_optional", KeepsCallable),
    entry("std::make_pair", KeepsCallable),
    entry("std::make_tuple", KeepsCallable),

    // co_await of these resumes on the executor they name (unless their
    // completion token decides, see ExecutionContext).
    entry("asio::post", ExecutorSwitch),
    entry("asio::dispatch", ExecutorSwitch),
    entry("asio::defer", ExecutorSwitch),
    entry("*::schedule", ExecutorSwitch),
    entry("*::resume_on", ExecutorSwitch),

    // Executors and execution contexts; any_io_executor and other type-erased
    // executors are deliberately absent: unknown.
    runsOn("asio::thread_pool", ExecutorPlace::OffLoop),
    runsOn("asio::thread_pool::basic_executor_type", ExecutorPlace::OffLoop),
    runsOn("asio::system_context", ExecutorPlace::OffLoop),
    runsOn("asio::basic_system_executor", ExecutorPlace::OffLoop),
    runsOn("cppcoro::static_thread_pool", ExecutorPlace::OffLoop),
    runsOn("concurrencpp::thread_pool_executor", ExecutorPlace::OffLoop),
    runsOn("concurrencpp::thread_executor", ExecutorPlace::OffLoop),
    runsOn("asio::io_context", ExecutorPlace::Loop),
    runsOn("asio::io_context::basic_executor_type", ExecutorPlace::Loop),
    runsOn("asio::io_context::strand", ExecutorPlace::Loop),
    runsOn("cppcoro::io_service", ExecutorPlace::Loop),
    usesExecutorArgument("asio::strand", ExecutorAdaptor, 0),
    usesExecutorArgument("asio::executor_binder", TokenBinder, 1),
    entry("asio::use_awaitable_t", CoroutineToken),
    // A coroutine taking (executor_tag, executor) starts on that executor.
    entry("concurrencpp::executor_tag", ExecutorTag),
};

constexpr CatalogEntry onArgument(llvm::StringRef Name, EntryKind Kind,
                                  unsigned ArgIndex) {
  CatalogEntry Entry{Name, Kind};
  Entry.ArgIndex = ArgIndex;
  return Entry;
}

/// A loop-affine type whose unsafe members need another fix than posting.
constexpr CatalogEntry affineUnless(llvm::StringRef Name,
                                    llvm::StringRef Suggestion) {
  CatalogEntry Entry{Name, LoopAffineType};
  Entry.Suggestion = Suggestion;
  return Entry;
}

constexpr unsigned LastArgument = CatalogEntry::LastArgument;

// The documented table of coroguard-cross-thread-call
// (docs/checks/cross-thread-call.md lists it in full, with the thread starts
// and offloads of Builtins; a test keeps it in sync). Asio's rule for these
// classes: distinct objects are safe, shared objects are not.
constexpr CatalogEntry LoopAffinity[] = {
    // Objects that belong to the loop they were created with.
    entry("asio::basic_socket", LoopAffineType),
    entry("asio::basic_stream_socket", LoopAffineType),
    entry("asio::basic_datagram_socket", LoopAffineType),
    entry("asio::basic_raw_socket", LoopAffineType),
    entry("asio::basic_seq_packet_socket", LoopAffineType),
    entry("asio::basic_socket_acceptor", LoopAffineType),
    entry("asio::basic_waitable_timer", LoopAffineType),
    entry("asio::basic_deadline_timer", LoopAffineType),
    entry("asio::ip::basic_resolver", LoopAffineType),
    entry("asio::basic_signal_set", LoopAffineType),
    entry("asio::basic_serial_port", LoopAffineType),
    entry("asio::posix::basic_descriptor", LoopAffineType),
    entry("asio::posix::basic_stream_descriptor", LoopAffineType),
    entry("asio::ssl::stream", LoopAffineType),
    entry("asio::buffered_stream", LoopAffineType),
    entry("asio::buffered_read_stream", LoopAffineType),
    entry("asio::buffered_write_stream", LoopAffineType),
    // The loop itself: shared objects are safe, except for restart() and
    // notify_fork(), which must not overlap a run().
    affineUnless("asio::io_context",
                 "call it only once every thread's run() has returned"),

    // Members any thread may call: they only read what never changes.
    entry("*::get_executor", ThreadSafeMember),
    entry("*::get_io_context", ThreadSafeMember),
    entry("*::get_io_service", ThreadSafeMember),
    // A reference to a layer, itself checked where it is used.
    entry("*::lowest_layer", ThreadSafeMember),
    entry("*::next_layer", ThreadSafeMember),
    // io_context's documented thread-safe members.
    entry("asio::io_context::run", ThreadSafeMember),
    entry("asio::io_context::run_one", ThreadSafeMember),
    entry("asio::io_context::run_for", ThreadSafeMember),
    entry("asio::io_context::run_until", ThreadSafeMember),
    entry("asio::io_context::run_one_for", ThreadSafeMember),
    entry("asio::io_context::run_one_until", ThreadSafeMember),
    entry("asio::io_context::poll", ThreadSafeMember),
    entry("asio::io_context::poll_one", ThreadSafeMember),
    entry("asio::io_context::stop", ThreadSafeMember),
    entry("asio::io_context::stopped", ThreadSafeMember),
    entry("asio::io_context::post", ThreadSafeMember),
    entry("asio::io_context::dispatch", ThreadSafeMember),
    entry("asio::io_context::wrap", ThreadSafeMember),

    // Running the loop's handlers without blocking (the blocking way is
    // Builtins' RunLoop).
    entry("asio::io_context::poll", PollsLoop),
    entry("asio::io_context::poll_one", PollsLoop),

    // Free functions that operate on the stream, socket or device given first.
    onArgument("asio::read", LoopAffineArgument, 0),
    onArgument("asio::read_at", LoopAffineArgument, 0),
    onArgument("asio::read_until", LoopAffineArgument, 0),
    onArgument("asio::write", LoopAffineArgument, 0),
    onArgument("asio::write_at", LoopAffineArgument, 0),
    onArgument("asio::connect", LoopAffineArgument, 0),
    onArgument("asio::async_read", LoopAffineArgument, 0),
    onArgument("asio::async_read_at", LoopAffineArgument, 0),
    onArgument("asio::async_read_until", LoopAffineArgument, 0),
    onArgument("asio::async_write", LoopAffineArgument, 0),
    onArgument("asio::async_write_at", LoopAffineArgument, 0),
    onArgument("asio::async_connect", LoopAffineArgument, 0),
};

// Functions that call a callable argument and drop what it returns: how
// coroguard-forgotten-await knows a task returned there is lost
// (docs/checks/forgotten-await.md lists them).
constexpr CatalogEntry CallableSinks[] = {
    onArgument("std::thread", DiscardsResult, 0),
    onArgument("std::jthread", DiscardsResult, 0),
    onArgument("std::call_once", DiscardsResult, 1),
    onArgument("std::for_each", DiscardsResult, LastArgument),
    onArgument("std::for_each_n", DiscardsResult, LastArgument),
    onArgument("asio::post", DiscardsResult, LastArgument),
    onArgument("asio::dispatch", DiscardsResult, LastArgument),
    onArgument("asio::defer", DiscardsResult, LastArgument),
};

llvm::StringRef lastComponent(llvm::StringRef Name) {
  size_t Colons = Name.rfind("::");
  return Colons == llvm::StringRef::npos ? Name : Name.drop_front(Colons + 2);
}

llvm::StringRef scopeOf(llvm::StringRef Name) {
  size_t Colons = Name.rfind("::");
  return Colons == llvm::StringRef::npos ? llvm::StringRef()
                                         : Name.take_front(Colons);
}

/// A user-written name in the catalog's spelling.
std::string normalizeName(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  if (Name.starts_with("boost::asio::"))
    return Name.drop_front(llvm::StringRef("boost::").size()).str();
  return Name.str();
}

const CXXRecordDecl *recordOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const auto *Pointer = Type->getAs<PointerType>())
    Type = Pointer->getPointeeType();
  return Type->getAsCXXRecordDecl();
}

bool isOrDerivesFrom(const CXXRecordDecl *Class, llvm::StringRef Name,
                     unsigned Depth = 0) {
  // Deep enough for any real hierarchy; guards against pathological ones.
  if (!Class || Depth > 16)
    return false;
  if (Catalog::hasQualifiedName(Class, Name))
    return true;
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition || Definition->isInvalidDecl())
    return false;
  for (const CXXBaseSpecifier &Base : Definition->bases())
    if (isOrDerivesFrom(recordOf(Base.getType()), Name, Depth + 1))
      return true;
  return false;
}

bool isInSystemHeader(const Decl *D) {
  const Decl *First = D->getCanonicalDecl();
  return First->getASTContext().getSourceManager().isInSystemHeader(
      First->getLocation());
}

bool isStandardStream(const Expr *Arg) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasGlobalStorage() && Var->getIdentifier() &&
         (Var->getName() == "stdout" || Var->getName() == "stderr");
}

bool isStandardFd(const Expr *Arg, const ASTContext &Context) {
  Arg = Arg->IgnoreParenImpCasts();
  // fileno(stdout)
  if (const auto *Call = dyn_cast<CallExpr>(Arg)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && Callee->getIdentifier() && Callee->getName() == "fileno" &&
           Call->getNumArgs() == 1 && isStandardStream(Call->getArg(0));
  }
  Expr::EvalResult Result;
  if (Arg->isValueDependent() || !Arg->EvaluateAsInt(Result, Context))
    return false;
  const llvm::APSInt &Fd = Result.Val.getInt();
  return Fd == 1 || Fd == 2;
}

bool isZeroValue(const APValue &Value) {
  switch (Value.getKind()) {
  case APValue::Int:
    return Value.getInt().isZero();
  case APValue::Float:
    return Value.getFloat().isZero();
  case APValue::Struct:
    // A std::chrono::duration is a struct holding its count.
    for (unsigned I = 0; I < Value.getStructNumBases(); ++I)
      if (!isZeroValue(Value.getStructBase(I)))
        return false;
    for (unsigned I = 0; I < Value.getStructNumFields(); ++I)
      if (!isZeroValue(Value.getStructField(I)))
        return false;
    return Value.getStructNumFields() + Value.getStructNumBases() > 0;
  default:
    return false;
  }
}

bool isZeroDuration(const Expr *Arg, const ASTContext &Context) {
  Arg = Arg->IgnoreImplicit();
  Expr::EvalResult Result;
  return !Arg->isValueDependent() && Arg->EvaluateAsRValue(Result, Context) &&
         isZeroValue(Result.Val);
}

bool isExempt(const CatalogEntry &Entry, const Expr *Call,
              const ASTContext &Context) {
  // Exemptions are about arguments as written: a member call's object is not
  // one of them.
  const auto *C = dyn_cast<CallExpr>(Call);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  llvm::ArrayRef<const Expr *> Args = {C->getArgs(), C->getNumArgs()};
  switch (Entry.Exempt) {
  case Exemption::None:
    return false;
  case Exemption::ZeroTimeout:
    return Entry.ArgIndex < Args.size() &&
           isZeroDuration(Args[Entry.ArgIndex], Context);
  case Exemption::StandardStream:
    return Entry.ArgIndex < Args.size() &&
           isStandardStream(Args[Entry.ArgIndex]);
  case Exemption::StandardFd:
    return Entry.ArgIndex < Args.size() &&
           isStandardFd(Args[Entry.ArgIndex], Context);
  case Exemption::FileStatus: {
    if (Entry.ArgIndex >= Callee->getNumParams())
      return false;
    const CXXRecordDecl *Param =
        recordOf(Callee->getParamDecl(Entry.ArgIndex)->getType());
    return Param &&
           Catalog::hasQualifiedName(Param, "std::filesystem::file_status");
  }
  }
  return false;
}

} // namespace

llvm::ArrayRef<CatalogEntry> Catalog::builtins() { return Builtins; }

llvm::ArrayRef<CatalogEntry> Catalog::loopAffinity() { return LoopAffinity; }

llvm::StringRef Catalog::suggestion(const CatalogEntry &Entry, bool Asio) {
  // Built-in suggestions name Asio's operations: without Asio, neutral
  // wording instead (a configured suggestion is the user's own; the wording
  // for waits is neutral already).
  if (!Asio && (!Entry.FromOptions || Entry.Suggestion.empty()) &&
      Entry.Category != SyncWait)
    return Entry.Category == Sleep
               ? "co_await an asynchronous timer instead"
               : "move the work to a thread pool and co_await it";
  if (!Entry.Suggestion.empty())
    return Entry.Suggestion;
  switch (Entry.Category) {
  case Sleep:
    return "use co_await timer.async_wait(...)";
  case SyncWait:
    return "co_await the result instead of waiting for it";
  case SyncAsio:
    return "use the async_ operation with co_await and use_awaitable";
  case RunLoop:
    return "co_spawn the work onto the loop instead of running it here";
  case BlockingCategory::None:
  case FileIO:
  case Process:
  case Configured:
    break;
  }
  // A token bound to the pool: plain use_awaitable resumes on the loop again.
  return "move the work to a pool with co_await "
         "asio::post(asio::bind_executor(pool, use_awaitable))";
}

llvm::StringRef Catalog::describe(BlockingCategory Category) {
  switch (Category) {
  case Sleep:
    return "sleeps";
  case FileIO:
    return "does file I/O";
  case SyncWait:
    return "waits synchronously";
  case Process:
    return "waits for a process or a name lookup";
  case SyncAsio:
    return "is a synchronous Asio operation";
  case RunLoop:
    return "runs an event loop";
  case Configured:
    return "is configured as blocking";
  case BlockingCategory::None:
    break;
  }
  return "blocks";
}

Catalog::Catalog(CatalogOptions UserOptions) : Options(std::move(UserOptions)) {
  for (const std::string &Item : Options.BlockingFunctions) {
    auto [Name, Suggestion] = llvm::StringRef(Item).split('=');
    CatalogEntry Entry = blocks(Strings.save(normalizeName(Name)), Configured,
                                Strings.save(Suggestion.trim()));
    Entry.FromOptions = true;
    UserEntries.push_back(Entry);
  }
  for (const std::string &Name : Options.OffloadFunctions) {
    UserEntries.push_back(
        entry(Strings.save(normalizeName(Name)), ThreadStart));
    UserEntries.back().FromOptions = true;
  }
  addOptionEntries(Options.ExecutorSwitches, ExecutorSwitch);
  addOptionEntries(Options.ThreadStartFunctions, ThreadStart);
  addOptionEntries(Options.PostFunctions, Offload);
  addOptionEntries(Options.LoopAffineTypes, LoopAffineType);
  addOptionEntries(Options.ThreadSafeMembers, ThreadSafeMember);
  addOptionEntries(Options.OffLoopFunctions, OffLoopFunction);
  // Indexed only now: UserEntries no longer moves.
  for (const CatalogEntry &Entry : UserEntries)
    add(Entry);
  for (llvm::ArrayRef<CatalogEntry> Section :
       {builtins(), loopAffinity(),
        llvm::ArrayRef<CatalogEntry>(CallableSinks)})
    for (const CatalogEntry &Entry : Section)
      add(Entry);
}

void Catalog::addOptionEntries(const std::vector<std::string> &Names,
                               EntryKind Kind) {
  for (const std::string &Name : Names) {
    UserEntries.push_back(entry(Strings.save(normalizeName(Name)), Kind));
    UserEntries.back().FromOptions = true;
  }
}

void Catalog::add(const CatalogEntry &Entry) {
  if (Entry.Name.empty())
    return;
  if (Entry.Kind == Blocking && !Entry.FromOptions &&
      (Options.AllowedFunctions.matches(Entry.Name) ||
       (!Entry.Display.empty() &&
        Options.AllowedFunctions.matches(Entry.Display))))
    return;
  ByLastName[lastComponent(Entry.Name)].push_back(&Entry);
}

/// The parts of \p Decl's qualifiedName, innermost first.
static llvm::SmallVector<llvm::StringRef, 6> nameParts(const NamedDecl *Decl,
                                                       bool KeepBoost) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  Parts.push_back(Decl->getIdentifier() ? Decl->getName() : "");
  for (const DeclContext *Scope = Decl->getDeclContext();
       Scope && !Scope->isTranslationUnit(); Scope = Scope->getParent()) {
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Scope)) {
      if (!Namespace->isInline() && !Namespace->isAnonymousNamespace())
        Parts.push_back(Namespace->getName());
    } else if (const auto *Record = dyn_cast<RecordDecl>(Scope)) {
      if (Record->getIdentifier())
        Parts.push_back(Record->getName());
    } else if (isa<FunctionDecl>(Scope)) {
      break; // a local class is named by itself
    }
  }
  if (!KeepBoost && Parts.size() > 2 && Parts.back() == "boost" &&
      Parts[Parts.size() - 2] == "asio")
    Parts.pop_back();
  return Parts;
}

std::string Catalog::qualifiedName(const NamedDecl *Decl, bool KeepBoost) {
  return llvm::join(llvm::reverse(nameParts(Decl, KeepBoost)), "::");
}

bool Catalog::hasQualifiedName(const NamedDecl *Decl, llvm::StringRef Name) {
  const auto Parts = nameParts(Decl, /*KeepBoost=*/false);
  for (auto Part = Parts.rbegin(); Part != Parts.rend(); ++Part)
    if ((Part != Parts.rbegin() && !Name.consume_front("::")) ||
        !Name.consume_front(*Part))
      return false;
  return Name.empty();
}

bool Catalog::matchesCallee(const CatalogEntry &Entry,
                            const FunctionDecl *Callee,
                            const Expr *Object) const {
  if (Entry.Kind == Blocking && !Entry.FromOptions && !isInSystemHeader(Callee))
    return false;
  llvm::StringRef Scope = scopeOf(Entry.Name);
  if (Scope == "*" || hasQualifiedName(Callee, Entry.Name))
    return true;
  // A member inherited from a base ('std::__basic_future::wait') is named after
  // the class it is called on. The object before its conversion to the base
  // that declares the member.
  return isa<CXXMethodDecl>(Callee) && Object &&
         isOrDerivesFrom(recordOf(Object->IgnoreParenImpCasts()->getType()),
                         Scope);
}

const CatalogEntry *Catalog::findCall(const Expr *Call, EntryKind Kind) const {
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Call)) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    // Only constructors given something to work on: a path, a callable.
    if (!Constructor || Constructor->isInvalidDecl() ||
        Construct->getNumArgs() == 0 || Constructor->isCopyOrMoveConstructor())
      return nullptr;
    const CXXRecordDecl *Class = Constructor->getParent();
    if (!Class->getIdentifier())
      return nullptr;
    auto Candidates = ByLastName.find(Class->getName());
    if (Candidates == ByLastName.end())
      return nullptr;
    for (const CatalogEntry *Entry : Candidates->second)
      if (Entry->Kind == Kind &&
          (Entry->FromOptions || Kind != Blocking || isInSystemHeader(Class)) &&
          hasQualifiedName(Class, Entry->Name))
        return Entry;
    return nullptr;
  }
  const auto *C = dyn_cast_or_null<CallExpr>(Call);
  if (!C)
    return nullptr;
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(C))
    Object = Member->getImplicitObjectArgument();
  return findFunction(C->getDirectCallee(), Kind, Object);
}

const CatalogEntry *Catalog::findFunction(const FunctionDecl *Function,
                                          EntryKind Kind,
                                          const Expr *Object) const {
  if (!Function || Function->isInvalidDecl() || !Function->getIdentifier())
    return nullptr;
  auto Candidates = ByLastName.find(Function->getName());
  if (Candidates == ByLastName.end())
    return nullptr;
  for (const CatalogEntry *Entry : Candidates->second)
    if (Entry->Kind == Kind && matchesCallee(*Entry, Function, Object))
      return Entry;
  return nullptr;
}

const CatalogEntry *Catalog::findBlockingCall(const Expr *Call,
                                              const ASTContext &Context) const {
  const CatalogEntry *Entry = findCall(Call, Blocking);
  return Entry && !isExempt(*Entry, Call, Context) ? Entry : nullptr;
}

ExecutorPlace Catalog::executorPlace(QualType Type) const {
  return executorPlaceOf(executorClass(Type), 0);
}

const CXXRecordDecl *Catalog::executorClass(QualType Type) {
  const CXXRecordDecl *Class = recordOf(Type);
  const auto *Pointer =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Class);
  if (!Pointer || !Pointer->isInStdNamespace() || !Pointer->getIdentifier() ||
      !llvm::is_contained({"shared_ptr", "unique_ptr"}, Pointer->getName()))
    return Class;
  const TemplateArgumentList &Args = Pointer->getTemplateArgs();
  return Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type
             ? recordOf(Args[0].getAsType())
             : nullptr;
}

const CatalogEntry *Catalog::findClass(const CXXRecordDecl *Class,
                                       EntryKind Kind) const {
  if (!Class || !Class->getIdentifier())
    return nullptr;
  auto Candidates = ByLastName.find(Class->getName());
  if (Candidates == ByLastName.end())
    return nullptr;
  for (const CatalogEntry *Entry : Candidates->second)
    if (Entry->Kind == Kind && hasQualifiedName(Class, Entry->Name))
      return Entry;
  return nullptr;
}

const CatalogEntry *Catalog::findType(QualType Type, EntryKind Kind) const {
  return findClass(recordOf(Type), Kind);
}

/// The type of \p Class's template argument \p Index, if it is a type.
static QualType templateArgument(const CXXRecordDecl *Class, unsigned Index) {
  const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Class);
  if (!Specialization)
    return {};
  const TemplateArgumentList &Args = Specialization->getTemplateArgs();
  if (Index >= Args.size() || Args[Index].getKind() != TemplateArgument::Type)
    return {};
  return Args[Index].getAsType();
}

ExecutorPlace Catalog::executorPlaceOf(const CXXRecordDecl *Class,
                                       unsigned Depth) const {
  // Deep enough for strands of strands; guards against pathological types.
  if (!Class || Depth > 16)
    return ExecutorPlace::Unknown;
  if (const CatalogEntry *Entry = findClass(Class, ExecutorType))
    return Entry->Place;
  const CatalogEntry *Adaptor = findClass(Class, ExecutorAdaptor);
  if (!Adaptor)
    Adaptor = findClass(Class, TokenBinder);
  if (Adaptor)
    return executorPlaceOf(recordOf(templateArgument(Class, Adaptor->ArgIndex)),
                           Depth + 1);
  // A class derived from a thread_pool runs where the pool runs.
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition || Definition->isInvalidDecl())
    return ExecutorPlace::Unknown;
  for (const CXXBaseSpecifier &Base : Definition->bases()) {
    ExecutorPlace Place = executorPlaceOf(recordOf(Base.getType()), Depth + 1);
    if (Place != ExecutorPlace::Unknown)
      return Place;
  }
  return ExecutorPlace::Unknown;
}

bool Catalog::isExecutorLike(QualType Type) const {
  static const llvm::StringSet<> ExecutorMembers = {
      "execute", "schedule", "get_executor", "context", "post",
      "dispatch", "submit", "enqueue"};
  if (executorPlace(Type) != ExecutorPlace::Unknown)
    return true;
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{executorClass(Type)};
  // Bounded: a type-erased executor is a handful of bases deep.
  for (unsigned Budget = 32; !Work.empty() && Budget > 0; --Budget) {
    const CXXRecordDecl *Class = Work.pop_back_val();
    Class = Class ? Class->getDefinition() : nullptr;
    if (!Class || Class->isInvalidDecl())
      continue;
    for (const Decl *Member : Class->decls())
      if (const auto *Named = dyn_cast<NamedDecl>(Member);
          Named && Named->getIdentifier() &&
          ExecutorMembers.contains(Named->getName()))
        return true;
    for (const CXXBaseSpecifier &Base : Class->bases())
      Work.push_back(Base.getType()->getAsCXXRecordDecl());
  }
  return false;
}

bool Catalog::isOffload(const Expr *Call) const {
  if (findCall(Call, Offload))
    return true;
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         llvm::is_contained({"submit", "post", "execute", "enqueue", "spawn"},
                            Method->getName()) &&
         isExecutorLike(Member->getImplicitObjectArgument()->getType());
}

bool Catalog::isCoroutineToken(QualType Type) const {
  return isCoroutineTokenClass(recordOf(Type), 0);
}

bool Catalog::isCoroutineTokenClass(const CXXRecordDecl *Class,
                                    unsigned Depth) const {
  if (!Class || Depth > 8)
    return false;
  if (findClass(Class, CoroutineToken))
    return true;
  // Token adapters (as_tuple_t, redirect_error_t) keep the inner token's
  // resumption.
  const auto *Specialization = dyn_cast<ClassTemplateSpecializationDecl>(Class);
  if (!Specialization || findClass(Class, TokenBinder))
    return false;
  for (const TemplateArgument &Arg :
       Specialization->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type &&
        isCoroutineTokenClass(recordOf(Arg.getAsType()), Depth + 1))
      return true;
  return false;
}

bool Catalog::isAllowed(const FunctionDecl *Function) const {
  // Asked for every project function a chain may pass through.
  return Function && !Options.AllowedFunctions.empty() &&
         Options.AllowedFunctions.matches(qualifiedName(Function));
}

const CatalogEntry *
Catalog::findResultDiscarder(const Expr *Call, unsigned ParamIndex,
                             bool IsLastWrittenArgument) const {
  const CatalogEntry *Entry = findCall(Call, DiscardsResult);
  if (!Entry)
    return nullptr;
  bool Matches = Entry->ArgIndex == CatalogEntry::LastArgument
                     ? IsLastWrittenArgument
                     : Entry->ArgIndex == ParamIndex;
  return Matches ? Entry : nullptr;
}

const CatalogEntry *Catalog::findLoopAffineClass(const CXXRecordDecl *Class,
                                                 const CXXRecordDecl *&Found,
                                                 unsigned Depth) const {
  // Deep enough for any real hierarchy; guards against pathological ones.
  if (!Class || Depth > 16)
    return nullptr;
  if (const CatalogEntry *Entry = findClass(Class, LoopAffineType)) {
    Found = Class;
    return Entry;
  }
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition || Definition->isInvalidDecl())
    return nullptr;
  for (const CXXBaseSpecifier &Base : Definition->bases())
    if (const CatalogEntry *Entry =
            findLoopAffineClass(recordOf(Base.getType()), Found, Depth + 1))
      return Entry;
  return nullptr;
}

const CatalogEntry *Catalog::findLoopAffineType(QualType Type) const {
  const CXXRecordDecl *Found = nullptr;
  return findLoopAffineClass(recordOf(Type), Found, 0);
}

std::optional<LoopAffineUse>
Catalog::findLoopAffineUse(const Expr *Call) const {
  const auto *C = dyn_cast_or_null<CallExpr>(Call);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (!Callee || Callee->isInvalidDecl())
    return std::nullopt;
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(C))
    Object = Member->getImplicitObjectArgument();
  else if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee) &&
           C->getNumArgs() > 0)
    Object = C->getArg(0);
  const CXXRecordDecl *Affine = nullptr;
  if (Object) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    if (!Method || Method->isStatic())
      return std::nullopt;
    const CatalogEntry *Type =
        findLoopAffineClass(recordOf(Object->getType()), Affine, 0);
    // Members of a project class derived from a loop-affine one are code to
    // follow, not uses.
    if (!Type || !isOrDerivesFrom(Affine, qualifiedName(Method->getParent())) ||
        findFunction(Callee, ThreadSafeMember, Object))
      return std::nullopt;
    return LoopAffineUse{Type, Object, Callee, nullptr};
  }
  const CatalogEntry *Function = findFunction(Callee, LoopAffineArgument);
  if (!Function || Function->ArgIndex >= C->getNumArgs())
    return std::nullopt;
  const Expr *Arg = C->getArg(Function->ArgIndex);
  const CatalogEntry *Type =
      findLoopAffineClass(recordOf(Arg->getType()), Affine, 0);
  if (!Type)
    return std::nullopt;
  return LoopAffineUse{Type, Arg, Callee, Function};
}

bool Catalog::runsLoop(const Expr *Call) const {
  const CatalogEntry *Entry = findCall(Call, Blocking);
  return (Entry && Entry->Category == RunLoop) || findCall(Call, PollsLoop);
}

} // namespace clang::tidy::coroguard
