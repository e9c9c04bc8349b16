//===--- Summaries.cpp - what other translation units know ----------------===//

#include "Summaries.h"
#include "utils/DeclMatchers.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/FileManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/xxhash.h"
#include <mutex>

namespace clang::tidy::coroguard {
namespace {

constexpr llvm::StringLiteral LineFormat = "coroguard-summary/1";
constexpr llvm::StringLiteral MergedFormat = "coroguard-summaries/1";

constexpr llvm::StringLiteral CategoryNames[] = {
#define BLOCKING_CATEGORY(Category, Description, Suggestion,                   \
                          NeutralSuggestion)                                   \
  #Category,
#include "catalog/BlockingCategories.def"
};

/// \p Path as summaries name files: absolute (relative paths are to the
/// compile command's directory), without '.' and '..'.
std::string absolutePath(llvm::StringRef Path, const SourceManager &SM) {
  llvm::SmallString<256> Absolute(Path);
  SM.getFileManager().makeAbsolutePath(Absolute);
  llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return std::string(Absolute);
}

llvm::StringRef questionName(SummaryQuestion Question) {
  return Question == SummaryQuestion::Blocking ? "blocking" : "affine";
}

/// Reads one JSON summary file's values into the fields it names; the first
/// problem is kept, with where it is.
class Reader {
public:
  Reader(llvm::StringRef Path, llvm::UniqueStringSaver &Saver)
      : Path(Path), Saver(Saver) {}

  std::optional<FunctionSummary> function(llvm::StringRef Key,
                                          const llvm::json::Value &Value) {
    const llvm::json::Object *Object = Value.getAsObject();
    if (!Object)
      return fail("function '" + Key + "' is not an object");
    FunctionSummary Summary;
    std::optional<llvm::StringRef> Name = Object->getString("name");
    if (!Name)
      return fail("function '" + Key + "' has no 'name' string");
    Summary.Name = Name->str();
    const llvm::json::Value *Affine = Object->get("affine");
    if (!question(Key, Object->get("blocking"), SummaryQuestion::Blocking,
                  Summary.Blocking) ||
        !question(Key, Affine, SummaryQuestion::LoopAffine,
                  Summary.LoopAffine))
      return std::nullopt;
    // question() has checked that it is an object.
    Summary.RunsLoop =
        Affine && Affine->getAsObject()->getBoolean("loop").value_or(false);
    if (Summary.RunsLoop &&
        !loops(Key, *Affine->getAsObject(), Summary))
      return std::nullopt;
    return Summary;
  }

  std::nullopt_t fail(const llvm::Twine &Problem) {
    if (Error.empty())
      Error = Problem.str();
    return std::nullopt;
  }

  std::string Error;

private:
  /// The loops named in "loops": {"global": key} or {"parameter": index}.
  bool loops(llvm::StringRef Key, const llvm::json::Object &Affine,
             FunctionSummary &Out) {
    const llvm::json::Value *Value = Affine.get("loops");
    if (!Value)
      return true;
    const llvm::json::Array *Loops = Value->getAsArray();
    if (!Loops) {
      fail("function '" + Key + "', 'affine': 'loops' is not an array");
      return false;
    }
    for (const llvm::json::Value &Loop : *Loops) {
      const llvm::json::Object *Fields = Loop.getAsObject();
      if (std::optional<llvm::StringRef> Global =
              Fields ? Fields->getString("global") : std::nullopt) {
        Out.LoopGlobals.push_back(Global->str());
        continue;
      }
      std::optional<std::int64_t> Parameter =
          Fields ? Fields->getInteger("parameter") : std::nullopt;
      if (!Parameter || *Parameter < 0) {
        fail("function '" + Key +
             "', 'affine': a loop without a 'global' string or a "
             "'parameter' index");
        return false;
      }
      Out.LoopParameters.push_back(static_cast<unsigned>(*Parameter));
    }
    return true;
  }

  bool question(llvm::StringRef Key, const llvm::json::Value *Value,
                SummaryQuestion Question, QuestionSummary &Out) {
    if (!Value)
      return true;
    const std::string Where =
        ("function '" + Key + "', '" + questionName(Question) + "'").str();
    const llvm::json::Object *Object = Value->getAsObject();
    if (!Object)
    {
      fail(Where + " is not an object");
      return false;
    }
    if (const llvm::json::Value *Hit = Object->get("hit")) {
      Out.Hit = hit(Where, *Hit, Question);
      return Out.Hit.has_value();
    }
    const llvm::json::Array *Calls = Object->getArray("calls");
    if (!Calls)
    {
      fail(Where + " has neither 'hit' nor 'calls'");
      return false;
    }
    for (const llvm::json::Value &Call : *Calls) {
      const llvm::json::Object *Fields = Call.getAsObject();
      std::optional<llvm::StringRef> Callee =
          Fields ? Fields->getString("callee") : std::nullopt;
      std::optional<llvm::StringRef> CalleeName =
          Fields ? Fields->getString("name") : std::nullopt;
      std::optional<SummarySite> At = Fields ? site(*Fields) : std::nullopt;
      if (!Callee || !CalleeName || !At) {
        fail(Where + " has a call without 'callee', 'name', 'file', 'line' "
                     "and 'column'");
        return false;
      }
      Out.Calls.push_back({Callee->str(), CalleeName->str(), *At});
    }
    return true;
  }

  std::optional<SummaryHit> hit(const std::string &Where,
                                const llvm::json::Value &Value,
                                SummaryQuestion Question) {
    const llvm::json::Object *Fields = Value.getAsObject();
    std::optional<SummarySite> At = Fields ? site(*Fields) : std::nullopt;
    if (!At)
      return fail(Where + " has a hit without 'file', 'line' and 'column'");
    SummaryHit Hit;
    Hit.Site = *At;
    auto Text = [&](llvm::StringRef Field) -> std::optional<llvm::StringRef> {
      if (std::optional<llvm::StringRef> Found = Fields->getString(Field))
        return Saver.save(*Found);
      fail(Where + " has a hit without a '" + Field + "' string");
      return std::nullopt;
    };
    if (Question == SummaryQuestion::LoopAffine) {
      std::optional<llvm::StringRef> Name = Text("use"), Object = Text("object"),
                                     Fix = Text("fix"), Post = Text("post");
      if (!Name || !Object || !Fix || !Post)
        return std::nullopt;
      Hit.UseName = Name->str();
      Hit.Object = Object->str();
      Hit.Fix = Fix->str();
      Hit.Post = Post->str();
      return Hit;
    }
    std::optional<llvm::StringRef> Name = Text("entry"),
                                   Display = Text("display"),
                                   Suggestion = Text("suggestion"),
                                   Category = Text("category");
    if (!Name || !Display || !Suggestion || !Category)
      return std::nullopt;
    const auto *Known = llvm::find(CategoryNames, *Category);
    if (Known == std::end(CategoryNames))
      return fail(Where + " has an unknown category '" + *Category + "'");
    Hit.Entry.Name = *Name;
    Hit.Entry.Display = *Display;
    Hit.Entry.Suggestion = *Suggestion;
    Hit.Entry.Category =
        static_cast<BlockingCategory>(Known - std::begin(CategoryNames));
    Hit.Entry.FromOptions = Fields->getBoolean("options").value_or(false);
    return Hit;
  }

  static std::optional<SummarySite> site(const llvm::json::Object &Fields) {
    std::optional<llvm::StringRef> File = Fields.getString("file");
    std::optional<int64_t> Line = Fields.getInteger("line");
    std::optional<int64_t> Column = Fields.getInteger("column");
    if (!File || !Line || !Column || *Line < 1 || *Column < 1)
      return std::nullopt;
    return SummarySite{File->str(), static_cast<unsigned>(*Line),
                       static_cast<unsigned>(*Column)};
  }

  llvm::StringRef Path;
  llvm::UniqueStringSaver &Saver;
};

/// The functions a definition's code as written (its body, member
/// initializers, default arguments) calls, constructs or takes the address of,
/// and the destructors of its locals;
/// not a coroutine's implicit code (its promise's calls). A
/// RecursiveASTVisitor: its data recursion keeps deep expressions off the
/// stack.
class ReferenceCollector : public RecursiveASTVisitor<ReferenceCollector> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      Referenced.insert(Function->getCanonicalDecl());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Member->getMemberDecl()))
      Referenced.insert(Function->getCanonicalDecl());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    Referenced.insert(Construct->getConstructor()->getCanonicalDecl());
    return true;
  }
  /// A local's destructor runs at the end of its scope.
  bool VisitVarDecl(VarDecl *Var) {
    const CXXRecordDecl *Class =
        Var->hasLocalStorage() && !Var->getType()->isReferenceType()
            ? Var->getType()->getAsCXXRecordDecl()
            : nullptr;
    if (const CXXDestructorDecl *Destructor =
            Class && Class->hasDefinition() ? Class->getDestructor() : nullptr)
      Referenced.insert(Destructor->getCanonicalDecl());
    return true;
  }

  llvm::SmallPtrSet<const FunctionDecl *, 16> Referenced;
};

} // namespace

llvm::StringRef summaryCategoryName(BlockingCategory Category) {
  return CategoryNames[static_cast<unsigned>(Category)];
}

void registerSummaryMatcher(ast_matchers::MatchFinder &Finder,
                            ast_matchers::MatchFinder::MatchCallback *Check) {
  using namespace ast_matchers;
  Finder.addMatcher(
      functionDecl(isDefinitionOutsideSystemHeaders()).bind("summarized"),
      Check);
}

std::string summaryKey(const FunctionDecl *Function) {
  const FunctionDecl *Canonical = Function->getCanonicalDecl();
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(Canonical, USR))
    return "";
  if (Canonical->isExternallyVisible())
    return USR.str().str();
  // Internal linkage: this TU's own function, whatever other TUs call theirs.
  const SourceManager &SM = Canonical->getASTContext().getSourceManager();
  const OptionalFileEntryRef Main =
      SM.getFileEntryRefForID(SM.getMainFileID());
  return (USR + "@" + absolutePath(Main ? Main->getName() : "", SM)).str();
}

bool mayBeDefinedInAnotherTU(const FunctionDecl *Function) {
  return Function && !Function->hasBody() && !Function->isInvalidDecl() &&
         !Function->isImplicit() && Function->isExternallyVisible() &&
         !Function->getASTContext().getSourceManager().isInSystemHeader(
             Function->getLocation());
}

std::string globalKey(const ValueDecl *Variable) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Variable);
  if (!Var || !Var->hasGlobalStorage() || Var->isStaticLocal() ||
      !Var->isExternallyVisible())
    return "";
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(Var->getCanonicalDecl(), USR))
    return "";
  return USR.str().str();
}

llvm::Expected<std::shared_ptr<const SummaryIndex>>
SummaryIndex::read(llvm::StringRef Path, llvm::vfs::FileSystem &FS) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      FS.getBufferForFile(Path);
  if (!Buffer) {
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read the summary file '%s': %s",
                                   Path.str().c_str(),
                                   Buffer.getError().message().c_str());
  }
  const llvm::StringRef Content = (*Buffer)->getBuffer();
  // clangd reads it for every AST it builds, on threads of its own.
  static std::mutex CacheLock;
  static llvm::StringMap<std::pair<uint64_t, std::shared_ptr<const SummaryIndex>>>
      Cache;
  const uint64_t Hash = llvm::xxh3_64bits(Content);
  const std::lock_guard<std::mutex> Guard(CacheLock);
  auto &Cached = Cache[Path];
  if (Cached.second && Cached.first == Hash)
    return Cached.second;

  auto Index = std::make_shared<SummaryIndex>();
  // The merged summaries are one JSON object; a TU's output one per line.
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  if (llvm::Expected<llvm::json::Value> Whole = llvm::json::parse(Content)) {
    if (llvm::Error Problem = Index->add(*Whole, Path))
      return std::move(Problem);
  } else {
    llvm::consumeError(Whole.takeError());
    Content.split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (size_t Number = 0; Number < Lines.size(); ++Number) {
      llvm::Expected<llvm::json::Value> Line = llvm::json::parse(Lines[Number]);
      if (!Line) {
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "malformed summary file '%s': line %zu: %s", Path.str().c_str(),
            Number + 1, llvm::toString(Line.takeError()).c_str());
      }
      if (llvm::Error Problem = Index->add(*Line, Path))
        return std::move(Problem);
    }
  }
  Cached = {Hash, Index};
  return Index;
}

llvm::Error SummaryIndex::add(const llvm::json::Value &Summaries,
                              llvm::StringRef Path) {
  auto Malformed = [&](const llvm::Twine &Problem) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed summary file '%s': %s",
                                   Path.str().c_str(), Problem.str().c_str());
  };
  const llvm::json::Object *Object = Summaries.getAsObject();
  std::optional<llvm::StringRef> Format =
      Object ? Object->getString("format") : std::nullopt;
  if (!Format || (*Format != LineFormat && *Format != MergedFormat))
    return Malformed("it is not coroguard's summaries (no 'format' '" +
                     MergedFormat + "')");
  const llvm::json::Object *Functions = Object->getObject("functions");
  if (!Functions)
    return Malformed("no 'functions' object");
  Reader Read(Path, Saver);
  for (const auto &[Key, Value] : *Functions) {
    std::optional<FunctionSummary> Summary = Read.function(Key, Value);
    if (!Summary)
      return Malformed(Read.Error);
    // The first TU's summary of a function defined in several (inline in a
    // header) stands for all of them.
    this->Functions.try_emplace(Key, std::move(*Summary));
  }
  return llvm::Error::success();
}

const FunctionSummary *SummaryIndex::find(llvm::StringRef Key) const {
  auto Found = Functions.find(Key);
  return Found == Functions.end() ? nullptr : &Found->second;
}

SourceLocation SummaryLocations::locate(const SummarySite &Site) {
  auto [Slot, Inserted] = Files.try_emplace(Site.File);
  if (Inserted) {
    if (OptionalFileEntryRef File =
            SM.getFileManager().getOptionalFileRef(Site.File)) {
      Slot->second = SM.translateFile(*File);
      if (Slot->second.isInvalid())
        Slot->second = SM.createFileID(*File, SourceLocation(), SrcMgr::C_User);
    }
  }
  if (Slot->second.isInvalid())
    return {};
  return SM.translateLineCol(Slot->second, Site.Line, Site.Column);
}

llvm::json::Object SummaryWriter::site(SourceLocation Loc,
                                       const SourceManager &SM) {
  const PresumedLoc Where = SM.getPresumedLoc(SM.getFileLoc(Loc),
                                              /*UseLineDirectives=*/false);
  if (!Where.isValid())
    return llvm::json::Object{
        {"file", absolutePath("", SM)}, {"line", 0}, {"column", 0}};
  // Most sites of a TU are in a few files: each path is made absolute once.
  auto [Path, New] = Paths.try_emplace(Where.getFileID());
  if (New)
    Path->second = absolutePath(Where.getFilename(), SM);
  return llvm::json::Object{{"file", Path->second},
                            {"line", Where.getLine()},
                            {"column", Where.getColumn()}};
}

void SummaryWriter::addFunction(SummaryQuestion Question,
                                const FunctionDecl *Function,
                                llvm::StringRef Name,
                                llvm::json::Object Facts) {
  const std::string Key = summaryKey(Function);
  if (Key.empty())
    return;
  llvm::json::Value &Entry = Functions[Key];
  if (!Entry.getAsObject())
    Entry = llvm::json::Object{{"name", Name.str()}};
  (*Entry.getAsObject())[questionName(Question)] = std::move(Facts);
}

void SummaryWriter::addDefinition(const FunctionDecl *Definition) {
  if (!Definitions.insert(Definition).second)
    return;
  ReferenceCollector Collector;
  Collector.TraverseDecl(const_cast<FunctionDecl *>(Definition));
  for (const FunctionDecl *Function : Collector.Referenced) {
    if (!mayBeDefinedInAnotherTU(Function) || Function->getBuiltinID())
      continue;
    if (const std::string Key = summaryKey(Function); !Key.empty())
      References.insert(Key);
  }
}

llvm::Error SummaryWriter::finishPart() {
  if (++Finished < Expected)
    return llvm::Error::success();
  Finished = 0;
  std::vector<std::string> Sorted;
  for (const auto &Reference : References)
    Sorted.push_back(Reference.getKey().str());
  llvm::sort(Sorted);
  llvm::json::Array ReferenceList;
  for (std::string &Reference : Sorted)
    ReferenceList.push_back(std::move(Reference));
  const llvm::json::Value Line = llvm::json::Object{
      {"format", LineFormat},
      {"functions", std::move(Functions)},
      {"references", std::move(ReferenceList)}};
  Functions = llvm::json::Object();
  References.clear();
  std::error_code Problem;
  // A TU listed with several compile commands appends one line for each.
  llvm::raw_fd_ostream Out(Output, Problem, llvm::sys::fs::OF_Append);
  if (!Problem) {
    Out << Line << '\n';
    Out.close();
    Problem = Out.error();
  }
  if (Problem)
    return llvm::createStringError(Problem,
                                   "cannot write the summary file '%s': %s",
                                   Output.c_str(), Problem.message().c_str());
  return llvm::Error::success();
}

} // namespace clang::tidy::coroguard
