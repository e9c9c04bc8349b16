//===--- Catalog.cpp - what blocks, what runs elsewhere -------------------===//

#include "Catalog.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::coroguard {
namespace {

using enum BlockingCategory;
using enum EntryKind;

constexpr unsigned LastArgument = CatalogEntry::LastArgument;

constexpr CatalogEntry blockingRow(llvm::StringRef Name,
                                   BlockingCategory Category, Exemption Exempt,
                                   unsigned ArgIndex, llvm::StringRef Display,
                                   llvm::StringRef Suggestion) {
  CatalogEntry Entry{Name, Blocking};
  Entry.Category = Category;
  Entry.Exempt = Exempt;
  Entry.ArgIndex = ArgIndex;
  Entry.Display = Display;
  Entry.Suggestion = Suggestion;
  return Entry;
}

constexpr CatalogEntry row(llvm::StringRef Name, EntryKind Kind,
                           unsigned ArgIndex,
                           ExecutorPlace Place = ExecutorPlace::Unknown,
                           llvm::StringRef Suggestion = "") {
  CatalogEntry Entry{Name, Kind};
  Entry.ArgIndex = ArgIndex;
  Entry.Place = Place;
  Entry.Suggestion = Suggestion;
  return Entry;
}

// The built-in rows, from the .def tables of this folder (documented in
// docs/checks/*.md; test/catalog_rows.py keeps the pages in sync).
constexpr CatalogEntry BuiltinRows[] = {
#define BLOCKING_FUNCTION(Name, Category, Exempt, ExemptionArgument, Display,  \
                          Suggestion)                                          \
  blockingRow(Name, Category, Exemption::Exempt, ExemptionArgument, Display,   \
              Suggestion),
#include "BlockingFunctions.def"
#define CALLABLE(Name, Kind, ArgumentIndex) row(Name, Kind, ArgumentIndex),
#include "Callables.def"
#define EXECUTOR(Name, Kind, Place, ArgumentIndex)                             \
  row(Name, Kind, ArgumentIndex, ExecutorPlace::Place),
#include "Executors.def"
#define LOOP_AFFINITY(Name, Kind, ArgumentIndex, Suggestion)                   \
  row(Name, Kind, ArgumentIndex, ExecutorPlace::Unknown, Suggestion),
#include "LoopAffinity.def"
};

struct CategoryWording {
  llvm::StringRef Description;
  llvm::StringRef Suggestion;
  llvm::StringRef NeutralSuggestion;
};

constexpr CategoryWording CategoryWordings[] = {
#define BLOCKING_CATEGORY(Category, Description, Suggestion,                   \
                          NeutralSuggestion)                                   \
  {Description, Suggestion, NeutralSuggestion},
#include "BlockingCategories.def"
};

const CategoryWording &wordingOf(BlockingCategory Category) {
  return CategoryWordings[static_cast<size_t>(Category)];
}

bool isOrDerivesFrom(const CXXRecordDecl *Class, llvm::StringRef Name,
                     unsigned Depth = 0) {
  // Deep enough for any real hierarchy; guards against pathological ones.
  if (!Class || Depth > 16)
    return false;
  if (hasQualifiedName(Class, Name))
    return true;
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition || Definition->isInvalidDecl())
    return false;
  for (const CXXBaseSpecifier &Base : Definition->bases())
    if (isOrDerivesFrom(classNamedBy(Base.getType()), Name, Depth + 1))
      return true;
  return false;
}

bool isInSystemHeader(const Decl *D) {
  const Decl *First = D->getCanonicalDecl();
  return First->getASTContext().getSourceManager().isInSystemHeader(
      First->getLocation());
}

} // namespace

llvm::StringRef Catalog::suggestion(const CatalogEntry &Entry, bool Asio) {
  const CategoryWording &Wording = wordingOf(Entry.Category);
  // Built-in suggestions name Asio's operations: without Asio, neutral
  // wording instead (a configured suggestion is the user's own).
  if (!Asio && (!Entry.FromOptions || Entry.Suggestion.empty()) &&
      !Wording.NeutralSuggestion.empty())
    return Wording.NeutralSuggestion;
  if (!Entry.Suggestion.empty())
    return Entry.Suggestion;
  return Wording.Suggestion;
}

llvm::StringRef Catalog::describe(BlockingCategory Category) {
  return wordingOf(Category).Description;
}

Catalog::Catalog(CatalogOptions UserOptions) : Options(std::move(UserOptions)) {
  for (const std::string &Item : Options.BlockingFunctions) {
    auto [Name, Suggestion] = llvm::StringRef(Item).split('=');
    CatalogEntry Entry =
        blockingRow(Strings.save(normalizeName(Name)), Configured,
                    Exemption::None, 0, "", Strings.save(Suggestion.trim()));
    Entry.FromOptions = true;
    UserEntries.push_back(Entry);
  }
  // Offloads run their callables on a thread of their own, as far as the
  // checks can tell.
  addOptionEntries(Options.OffloadFunctions, ThreadStart);
  addOptionEntries(Options.ExecutorSwitches, ExecutorSwitch);
  addOptionEntries(Options.ThreadStartFunctions, ThreadStart);
  addOptionEntries(Options.PostFunctions, Offload);
  addOptionEntries(Options.LoopAffineTypes, LoopAffineType);
  addOptionEntries(Options.ThreadSafeMembers, ThreadSafeMember);
  addOptionEntries(Options.OffLoopFunctions, OffLoopFunction);
  // Indexed only now: UserEntries no longer moves.
  for (const CatalogEntry &Entry : UserEntries)
    add(Entry);
  for (const CatalogEntry &Entry : BuiltinRows)
    add(Entry);
}

void Catalog::addOptionEntries(const std::vector<std::string> &Names,
                               EntryKind Kind) {
  for (const std::string &Name : Names) {
    UserEntries.push_back(row(Strings.save(normalizeName(Name)), Kind, 0));
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

bool Catalog::matchesCallee(const CatalogEntry &Entry,
                            const FunctionDecl *Callee,
                            const Expr *Object) const {
  if (Entry.Kind == Blocking && !Entry.FromOptions && !isInSystemHeader(Callee))
    return false;
  const llvm::StringRef Scope = scopeOf(Entry.Name);
  if (Scope == "*" || hasQualifiedName(Callee, Entry.Name))
    return true;
  // A member inherited from a base ('std::__basic_future::wait') is named after
  // the class it is called on. The object before its conversion to the base
  // that declares the member.
  return isa<CXXMethodDecl>(Callee) && Object &&
         isOrDerivesFrom(classNamedBy(Object->IgnoreParenImpCasts()->getType()),
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
    for (const CatalogEntry *Entry : Candidates->second) {
      if (Entry->Kind == Kind &&
          (Entry->FromOptions || Kind != Blocking || isInSystemHeader(Class)) &&
          hasQualifiedName(Class, Entry->Name))
        return Entry;
    }
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
  return Entry && !isExempt(Entry->Exempt, Entry->ArgIndex, Call, Context)
             ? Entry
             : nullptr;
}

ExecutorPlace Catalog::executorPlace(QualType Type) const {
  return executorPlaceOf(executorClass(Type), 0);
}

const CXXRecordDecl *Catalog::executorClass(QualType Type) {
  const CXXRecordDecl *Class = classNamedBy(Type);
  const auto *Pointer =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(Class);
  if (!Pointer || !Pointer->isInStdNamespace() || !Pointer->getIdentifier() ||
      !isInNameList(NameList::StdSmartPointers, Pointer->getName()))
    return Class;
  const TemplateArgumentList &Args = Pointer->getTemplateArgs();
  return Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type
             ? classNamedBy(Args[0].getAsType())
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
  return findClass(classNamedBy(Type), Kind);
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
    return executorPlaceOf(
        classNamedBy(templateArgument(Class, Adaptor->ArgIndex)), Depth + 1);
  // A class derived from a thread_pool runs where the pool runs.
  const CXXRecordDecl *Definition = Class->getDefinition();
  if (!Definition || Definition->isInvalidDecl())
    return ExecutorPlace::Unknown;
  for (const CXXBaseSpecifier &Base : Definition->bases()) {
    const ExecutorPlace Place =
        executorPlaceOf(classNamedBy(Base.getType()), Depth + 1);
    if (Place != ExecutorPlace::Unknown)
      return Place;
  }
  return ExecutorPlace::Unknown;
}

bool Catalog::isExecutorLike(QualType Type) const {
  if (executorPlace(Type) != ExecutorPlace::Unknown)
    return true;
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{executorClass(Type)};
  // Bounded: a type-erased executor is a handful of bases deep.
  for (unsigned Budget = 32; !Work.empty() && Budget > 0; --Budget) {
    const CXXRecordDecl *Class = Work.pop_back_val();
    Class = Class ? Class->getDefinition() : nullptr;
    if (!Class || Class->isInvalidDecl())
      continue;
    for (const Decl *Member : Class->decls()) {
      if (const auto *Named = dyn_cast<NamedDecl>(Member);
          Named && Named->getIdentifier() &&
          isInNameList(NameList::ExecutorMembers, Named->getName()))
        return true;
    }
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
         isInNameList(NameList::OffloadMembers, Method->getName()) &&
         isExecutorLike(Member->getImplicitObjectArgument()->getType());
}

bool Catalog::isCoroutineToken(QualType Type) const {
  return isCoroutineTokenClass(classNamedBy(Type), 0);
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
        isCoroutineTokenClass(classNamedBy(Arg.getAsType()), Depth + 1))
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
  const bool Matches = Entry->ArgIndex == CatalogEntry::LastArgument
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
            findLoopAffineClass(classNamedBy(Base.getType()), Found, Depth + 1))
      return Entry;
  return nullptr;
}

const CatalogEntry *Catalog::findLoopAffineType(QualType Type) const {
  const CXXRecordDecl *Found = nullptr;
  return findLoopAffineClass(classNamedBy(Type), Found, 0);
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
        findLoopAffineClass(classNamedBy(Object->getType()), Affine, 0);
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
      findLoopAffineClass(classNamedBy(Arg->getType()), Affine, 0);
  if (!Type)
    return std::nullopt;
  return LoopAffineUse{Type, Arg, Callee, Function};
}

bool Catalog::mayDeclareClassOf(EntryKind Kind,
                                const ASTContext &Context) const {
  const IdentifierTable &Idents = Context.Idents;
  if (Idents.getExternalIdentifierLookup())
    return true;
  for (const auto &Named : ByLastName) {
    const bool OfKind =
        llvm::any_of(Named.getValue(), [Kind](const CatalogEntry *Entry) {
          return Entry->Kind == Kind;
        });
    if (OfKind && Idents.find(Named.getKey()) != Idents.end())
      return true;
  }
  return false;
}

bool Catalog::runsLoop(const Expr *Call) const {
  const CatalogEntry *Entry = findCall(Call, Blocking);
  return (Entry && Entry->Category == RunLoop) || findCall(Call, PollsLoop);
}

} // namespace clang::tidy::coroguard
