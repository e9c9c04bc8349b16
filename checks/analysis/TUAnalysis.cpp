//===--- TUAnalysis.cpp - the facts every check asks, once per TU ---------===//

#include "TUAnalysis.h"
#include "Expressions.h"
#include "utils/DiagnosticText.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallSet.h"
#include <cstdlib>
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include <mutex>

namespace clang::tidy::coroguard {
namespace {

/// The shared options: each says where code runs, so every check that asks
/// where code runs honours all of them (docs/checks/shared-options.md).
struct SharedOptionKey {
  llvm::StringLiteral Name;
  std::vector<std::string> CatalogOptions::*Field;
};
constexpr SharedOptionKey SharedOptionKeys[] = {
    {"ThreadStartFunctions", &CatalogOptions::ThreadStartFunctions},
    {"OffloadFunctions", &CatalogOptions::OffloadFunctions},
    {"PostFunctions", &CatalogOptions::PostFunctions},
    {"ExecutorSwitches", &CatalogOptions::ExecutorSwitches},
    {"OffLoopFunctions", &CatalogOptions::OffLoopFunctions},
    {"LoopAffineTypes", &CatalogOptions::LoopAffineTypes},
};

/// The checks under whose names the shared options may be written.
constexpr llvm::StringLiteral ChecksReadingSharedOptions[] = {
    "coroguard-blocking-call", "coroguard-cross-thread-call"};

/// Whether the translation unit declares namespace asio or boost::asio.
bool findAsio(ASTContext &Context) {
  auto Namespace = [&Context](const DeclContext *Scope,
                              llvm::StringRef Name) -> const NamespaceDecl * {
    for (const NamedDecl *D : Scope->lookup(&Context.Idents.get(Name)))
      if (const auto *Found = dyn_cast<NamespaceDecl>(D))
        return Found;
    return nullptr;
  };
  const DeclContext *Unit = Context.getTranslationUnitDecl();
  const NamespaceDecl *Boost = Namespace(Unit, "boost");
  return Namespace(Unit, "asio") || (Boost && Namespace(Boost, "asio"));
}

} // namespace

std::shared_ptr<SharedAnalysis>
SharedAnalysis::forChecksOf(ClangTidyContext &Context) {
  // clangd builds ASTs on several threads, each with a ClangTidyContext of its
  // own; the checks of one context live on one thread.
  static std::mutex RegistryLock;
  static llvm::DenseMap<const ClangTidyContext *, std::weak_ptr<SharedAnalysis>>
      Registry;
  const std::lock_guard<std::mutex> Guard(RegistryLock);
  for (auto It = Registry.begin(), End = Registry.end(); It != End;) {
    auto Entry = It++;
    if (Entry->second.expired())
      Registry.erase(Entry);
  }
  std::weak_ptr<SharedAnalysis> &Slot = Registry[&Context];
  if (std::shared_ptr<SharedAnalysis> Existing = Slot.lock())
    return Existing;
  auto Created = std::make_shared<SharedAnalysis>(Context);
  Slot = Created;
  return Created;
}

SharedAnalysis::SharedAnalysis(ClangTidyContext &Context) : Context(Context) {
  const ClangTidyOptions::OptionMap &Options =
      Context.getOptions().CheckOptions;
  // run-coroguard's passes say which summaries to read and write; it sets
  // COROGUARD_SUMMARY_FILE (empty: none) whatever the configuration says.
  if (const char *Given = std::getenv("COROGUARD_SUMMARY_FILE"))
    SummaryFile = Given;
  else if (auto Global = Options.find("SummaryFile"); Global != Options.end())
    SummaryFile = Global->second.Value;
  if (const char *Output = std::getenv("COROGUARD_SUMMARY_OUTPUT");
      Output && *Output)
    Writer = std::make_unique<SummaryWriter>(Output);
  for (const SharedOptionKey &Key : SharedOptionKeys) {
    // Written under a check's name, the values of all checks count; else the
    // global value.
    // Each value with the option it was written as, for the errors.
    llvm::SmallVector<std::pair<llvm::StringRef, std::string>, 2> Values;
    for (const llvm::StringRef Check : ChecksReadingSharedOptions) {
      if (std::optional<llvm::StringRef> Local =
              ClangTidyCheck::OptionsView(Check, Options, &Context)
                  .get(Key.Name))
        Values.emplace_back(*Local, (Check + "." + Key.Name).str());
    }
    if (Values.empty()) {
      if (std::optional<llvm::StringRef> Global =
              ClangTidyCheck::OptionsView(ChecksReadingSharedOptions[0],
                                          Options, &Context)
                  .getLocalOrGlobal(Key.Name))
        Values.emplace_back(*Global, Key.Name.str());
    }
    llvm::StringSet<> Seen;
    for (const auto &[Value, Option] : Values) {
      for (llvm::StringRef Item : utils::options::parseStringList(Value)) {
        Item = Item.trim();
        if (Item.empty() || !Seen.insert(Item).second)
          continue;
        if (isCatalogName(Item))
          (Shared.*Key.Field).push_back(Item.str());
        else
          Context.configurationDiag(malformedEntryMessage(Item, Option),
                                    DiagnosticIDs::Error);
      }
    }
  }
}

void SharedAnalysis::storeSharedOptions(
    ClangTidyCheck::OptionsView &Options,
    ClangTidyOptions::OptionMap &Opts) const {
  for (const SharedOptionKey &Key : SharedOptionKeys)
    Options.store(Opts, Key.Name, llvm::join(Shared.*Key.Field, ";"));
}

void SharedAnalysis::setBlockingRows(std::vector<std::string> BlockingFunctions,
                                     RegexList AllowedFunctions) {
  BlockingRows.BlockingFunctions = std::move(BlockingFunctions);
  BlockingRows.AllowedFunctions = std::move(AllowedFunctions);
}

void SharedAnalysis::reportSummaryError(llvm::Error Problem) const {
  Context.configurationDiag(llvm::toString(std::move(Problem)),
                            DiagnosticIDs::Error);
}

TUAnalysis &SharedAnalysis::analysisOf(ASTContext &Context) {
  if (!Current || &Current->astContext() != &Context)
    Current = std::make_unique<TUAnalysis>(Context, *this);
  return *Current;
}

TUAnalysis::TUAnalysis(ASTContext &Context, const SharedAnalysis &Config)
    : Context(Context), Config(Config), Awaitables(Context) {}

const Catalog &TUAnalysis::catalog() {
  if (!Known) {
    CatalogOptions Options = Config.sharedOptions();
    Options.ThreadSafeMembers = Config.threadSafeMembers();
    Known = std::make_unique<Catalog>(std::move(Options));
  }
  return *Known;
}

ExecutorSwitches &TUAnalysis::executorSwitches() {
  if (!Switches)
    Switches = std::make_unique<ExecutorSwitches>(catalog());
  return *Switches;
}

PlacementAnalysis &TUAnalysis::placement() {
  if (Where)
    return *Where;
  Where = std::make_unique<PlacementAnalysis>(Context, catalog(), Awaitables,
                                              Parents, executorSwitches(), Waits);
  // The first pass writes summaries and reads none.
  if (const SummaryIndex *Known =
          Config.summaryWriter() ? nullptr : summaries())
    Where->useSummaries(*Known);
  return *Where;
}

LoopThreads &TUAnalysis::loopThreads() {
  if (!Loops)
    Loops =
        std::make_unique<LoopThreads>(Context, catalog(), Parents, placement());
  return *Loops;
}

const Catalog &TUAnalysis::blockingCatalog() {
  if (!Blocking) {
    CatalogOptions Options = Config.sharedOptions();
    Options.BlockingFunctions = Config.blockingRows().BlockingFunctions;
    Options.AllowedFunctions = Config.blockingRows().AllowedFunctions;
    Blocking = std::make_unique<Catalog>(std::move(Options));
  }
  return *Blocking;
}

const CatalogEntry *TUAnalysis::blockingCallAt(const Expr *Call) {
  if (waitsOnResultCheckedBefore(Call))
    return nullptr;
  const Catalog &Known = blockingCatalog();
  if (const CatalogEntry *Entry = Known.findBlockingCall(Call, Context))
    return Entry;
  const CatalogEntry *Wait = Waits.find(Call);
  return Wait && !Known.isAllowed(cast<CallExpr>(Call)->getDirectCallee())
             ? Wait
             : nullptr;
}

CallChains &TUAnalysis::blockingChains() {
  if (BlockingChains)
    return *BlockingChains;
  const Catalog &Known = blockingCatalog();
  PlacementAnalysis &Where = placement();
  BlockingChains = std::make_unique<CallChains>(
      Where,
      [this](const Expr *Call,
             const FunctionDecl *) -> std::optional<CallHit> {
        if (const CatalogEntry *Entry = blockingCallAt(Call))
          return CallHit{Call, Entry};
        return std::nullopt;
      },
      // Task coroutines are reported on their own: the caller only starts
      // them. Thread starts run their callables elsewhere.
      [&Known, &Where](const FunctionDecl *Callee) {
        return !Known.isAllowed(Callee) && !Where.isTaskCoroutine(Callee) &&
               !Known.findFunction(Callee, EntryKind::ThreadStart);
      },
      // A wait for a result the code knows is ready does not wait.
      [](const Expr *Site, const FunctionDecl *) {
        return !waitsOnResultCheckedBefore(Site);
      });
  BlockingChains->ignoreProcessEndingPaths(EndingPaths);
  // A wait for the result a reference parameter names is the caller's to
  // know about: it does not wait when the caller asked before the call.
  BlockingChains->dependOnArguments(waitedReferenceParameter,
                                    [](const Expr *Site, const FunctionDecl *,
                                       unsigned Param) {
                                      return passesReadyResult(Site, Param);
                                    });
  crossTranslationUnits(*BlockingChains, SummaryQuestion::Blocking);
  return *BlockingChains;
}

CallChains &TUAnalysis::loopAffineChains() {
  if (LoopAffineChains)
    return *LoopAffineChains;
  const Catalog &Known = catalog();
  PlacementAnalysis &Where = placement();
  OwnershipAnalysis &Owners = ownership();
  LoopThreads &Threads = loopThreads();
  LoopAffineChains = std::make_unique<CallChains>(
      Where,
      // A use of a loop-affine object the function's code does not own, unless
      // it sets the object up before the function starts its loop's thread.
      [&Known, &Owners, &Threads](const Expr *Call, const FunctionDecl *Function)
          -> std::optional<CallHit> {
        std::optional<LoopAffineUse> Use = Known.findLoopAffineUse(Call);
        if (Use &&
            Owners.objectOwnership(Use->Object, Function) == Ownership::Shared &&
            !Threads.isSetupBeforeLoopStarts(Call, Function, Use->Object))
          return CallHit{Call, Use->Type};
        return std::nullopt;
      },
      // Task coroutines only start when called; thread starts and off-loop
      // functions run their code elsewhere, reported there.
      [&Known, &Where](const FunctionDecl *Callee) {
        return !Where.isTaskCoroutine(Callee) &&
               !Known.findFunction(Callee, EntryKind::ThreadStart) &&
               !Known.isOffLoopFunction(Callee);
      },
      // An object the code owns (and one it constructs) is not shared through
      // the members its methods use.
      [&Owners](const Expr *Site, const FunctionDecl *Caller) {
        if (isa<CXXConstructExpr>(Site))
          return false;
        const Expr *Object = nullptr;
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Site))
          Object = Member->getImplicitObjectArgument();
        else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Site);
                 Operator && Operator->getNumArgs() > 0 &&
                 isa_and_nonnull<CXXMethodDecl>(Operator->getDirectCallee()))
          Object = Operator->getArg(0);
        return !Object ||
               Owners.objectOwnership(Object, Caller) != Ownership::Owned;
      });
  crossTranslationUnits(*LoopAffineChains, SummaryQuestion::LoopAffine);
  return *LoopAffineChains;
}

const SummaryIndex *TUAnalysis::summaries() {
  if (SummariesRead)
    return Summaries.get();
  SummariesRead = true;
  if (Config.summaryFile().empty())
    return nullptr;
  llvm::Expected<std::shared_ptr<const SummaryIndex>> Read =
      SummaryIndex::read(Config.summaryFile(), Context.getSourceManager()
                                                   .getFileManager()
                                                   .getVirtualFileSystem());
  if (!Read) {
    Config.reportSummaryError(Read.takeError());
    return nullptr;
  }
  Summaries = std::move(*Read);
  return Summaries.get();
}

void TUAnalysis::crossTranslationUnits(CallChains &Chains,
                                       SummaryQuestion Question) {
  if (Config.summaryWriter())
    Chains.followExternalCalls();
  else if (const SummaryIndex *Known = summaries())
    Chains.useSummaries(*Known, Question, Locations);
}

void TUAnalysis::summarize(
    SummaryQuestion Question, CallChains &Chains,
    llvm::ArrayRef<const FunctionDecl *> Definitions,
    llvm::function_ref<llvm::json::Object(const CallHit &)> DescribeHit,
    SummaryWriter &Out) {
  const SourceManager &SM = Context.getSourceManager();
  // Other TUs call only functions with external linkage; what those call here
  // is summarized too.
  llvm::SmallVector<const FunctionDecl *, 32> Pending;
  llvm::DenseSet<const FunctionDecl *> Seen;
  for (const FunctionDecl *Definition : Definitions) {
    if (Definition->isExternallyVisible() && !Definition->isInvalidDecl() &&
        !Definition->isDependentContext() &&
        Seen.insert(Definition->getCanonicalDecl()).second)
      Pending.push_back(Definition);
  }
  while (!Pending.empty()) {
    const FunctionDecl *Function = Pending.pop_back_val();
    // Other TUs see only a declaration: what the definition says counts.
    if (!Chains.follows(Function))
      continue;
    const CallChains::CodeFacts Facts = Chains.factsOf(Function);
    llvm::json::Object Summary;
    // A thread running it is its loop's thread, whatever it touches.
    // Whether it runs a loop through other TUs is the merge's to tell.
    llvm::SmallVector<const FunctionDecl *, 4> Elsewhere;
    const bool RunsLoop =
        Question == SummaryQuestion::LoopAffine &&
        placement().runsLoopHere(Function->getBody(), Elsewhere);
    bool AsksElsewhere = false;
    if (RunsLoop) {
      Summary["loop"] = true;
      if (llvm::json::Array Loops = loopsNamedToCallers(Function);
          !Loops.empty())
        Summary["loops"] = std::move(Loops);
    } else if (!Elsewhere.empty()) {
      llvm::json::Array Keys;
      llvm::StringSet<> Named;
      for (const FunctionDecl *Callee : Elsewhere)
        if (std::string Key = summaryKey(Callee);
            !Key.empty() && Named.insert(Key).second)
          Keys.push_back(std::move(Key));
      AsksElsewhere = !Keys.empty();
      if (AsksElsewhere)
        Summary["loop_via"] = std::move(Keys);
    }
    if (Facts.Hit) {
      llvm::json::Object Hit = DescribeHit(*Facts.Hit);
      for (auto &[Field, Value] : Out.site(
               Facts.Hit->Site->getExprLoc(), SM))
        Hit[Field] = std::move(Value);
      Summary["hit"] = std::move(Hit);
    } else if (!Facts.Calls.empty()) {
      llvm::json::Array Calls;
      for (auto [Site, Callee] : Facts.Calls) {
        const std::string Key = summaryKey(Callee);
        if (Key.empty())
          continue;
        llvm::json::Object Call = Out.site(Site->getExprLoc(), SM);
        Call["callee"] = Key;
        Call["name"] = functionName(Callee);
        Calls.push_back(std::move(Call));
        if (Callee->hasBody() && Seen.insert(Callee->getCanonicalDecl()).second)
          Pending.push_back(Callee);
      }
      Summary["calls"] = std::move(Calls);
    } else if (RunsLoop || AsksElsewhere) {
      Summary["calls"] = llvm::json::Array();
    } else {
      continue;
    }
    Out.addFunction(Question, Function, functionName(Function),
                    std::move(Summary));
  }
}

llvm::json::Array TUAnalysis::loopsNamedToCallers(const FunctionDecl *Function) {
  llvm::json::Array Loops;
  llvm::StringSet<> Globals;
  llvm::SmallSet<unsigned, 2> Parameters;
  for (const LoopThreads::RunLoop &Run :
       loopThreads().loopsRunBy(Function->getBody())) {
    std::string Key = Run.Variable ? globalKey(Run.Variable) : Run.GlobalKey;
    if (!Key.empty()) {
      if (Globals.insert(Key).second)
        Loops.push_back(llvm::json::Object{{"global", std::move(Key)}});
      continue;
    }
    if (const auto *Parameter = dyn_cast_or_null<ParmVarDecl>(Run.Variable);
        Parameter && Parameter->getDeclContext() == Function &&
        Parameters.insert(Parameter->getFunctionScopeIndex()).second)
      Loops.push_back(llvm::json::Object{
          {"parameter", Parameter->getFunctionScopeIndex()}});
  }
  return Loops;
}

bool TUAnalysis::mayUseLoopAffineObjects() {
  if (!MayUseLoopAffineObjects)
    MayUseLoopAffineObjects =
        !Config.summaryFile().empty() ||
        catalog().mayDeclareClassOf(EntryKind::LoopAffineType, Context);
  return *MayUseLoopAffineObjects;
}

bool TUAnalysis::declaresAsio() {
  if (!UsesAsio)
    UsesAsio = findAsio(Context);
  return *UsesAsio;
}

} // namespace clang::tidy::coroguard
