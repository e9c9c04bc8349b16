//===--- Awaitables.cpp - what can be co_awaited, and how it starts -------===//

#include "Awaitables.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::coroguard {
namespace {

using RecordSet = llvm::SmallPtrSet<const CXXRecordDecl *, 8>;

/// The declaration whose members describe \p Record: its definition, else the
/// template pattern it would be instantiated from (a specialization nobody
/// instantiated).
const CXXRecordDecl *searchableRecord(const CXXRecordDecl *Record) {
  if (!Record || Record->isInvalidDecl())
    return nullptr;
  if (const CXXRecordDecl *Definition = Record->getDefinition())
    return Definition;
  if (const CXXRecordDecl *Pattern = Record->getTemplateInstantiationPattern())
    return Pattern;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    if (const ClassTemplateDecl *Template = Spec->getSpecializedTemplate())
      return Template->getTemplatedDecl()->getDefinition();
  return nullptr;
}

/// The class template \p Type names, if any (`task<int>`, `task<T>`, injected
/// `task`).
const ClassTemplateDecl *templateOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  const auto *Canonical = Type.getCanonicalType().getTypePtr();
  if (const auto *Specialization =
          dyn_cast<TemplateSpecializationType>(Canonical))
    return dyn_cast_or_null<ClassTemplateDecl>(
        Specialization->getTemplateName().getAsTemplateDecl());
  if (const CXXRecordDecl *Record = Canonical->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
      return Spec->getSpecializedTemplate();
    return Record->getDescribedClassTemplate();
  }
  return nullptr;
}

/// The record to search for the members of \p Type; a dependent template-id
/// such as a dependent base `frame_base<Executor>` leads to the template's
/// pattern.
const CXXRecordDecl *recordOf(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType().getUnqualifiedType();
  const auto *Canonical = Type.getCanonicalType().getTypePtr();
  if (const auto *Tag = dyn_cast<TagType>(Canonical))
    return searchableRecord(dyn_cast<CXXRecordDecl>(Tag->getDecl()));
  if (isa<TemplateSpecializationType>(Canonical))
    if (const ClassTemplateDecl *Template = templateOf(Type))
      return searchableRecord(Template->getTemplatedDecl());
  return nullptr;
}

/// Members named \p Name of \p Record or, when it declares none, of its bases.
void collectMembers(const CXXRecordDecl *Record, DeclarationName Name,
                    llvm::SmallVectorImpl<const NamedDecl *> &Found,
                    RecordSet &Visited) {
  if (!Record || !Visited.insert(Record).second)
    return;
  const size_t Before = Found.size();
  for (const NamedDecl *Member : Record->lookup(Name))
    Found.push_back(Member);
  if (Found.size() != Before)
    return; // The derived class hides the bases' members of that name.
  for (const CXXBaseSpecifier &Base : Record->bases())
    collectMembers(recordOf(Base.getType()), Name, Found, Visited);
}

llvm::SmallVector<const NamedDecl *, 4>
membersNamed(const CXXRecordDecl *Record, DeclarationName Name) {
  llvm::SmallVector<const NamedDecl *, 4> Found;
  RecordSet Visited;
  collectMembers(Record, Name, Found, Visited);
  return Found;
}

llvm::SmallVector<const NamedDecl *, 4>
membersNamed(const CXXRecordDecl *Record, ASTContext &Context,
             llvm::StringRef Name) {
  return membersNamed(Record, DeclarationName(&Context.Idents.get(Name)));
}

const FunctionDecl *asFunction(const NamedDecl *Decl) {
  if (!Decl)
    return nullptr;
  Decl = Decl->getUnderlyingDecl(); // using-declarations of a base's member
  if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Decl))
    return Template->getTemplatedDecl();
  return dyn_cast<FunctionDecl>(Decl);
}

/// Everything a parameter of type `T`, `T&` or a template-id naming T's
/// template would bind to by identity: \p Record, its bases, and their class
/// templates.
struct Identity {
  llvm::SmallPtrSet<const Decl *, 8> Decls;
  llvm::SmallVector<const CXXRecordDecl *, 4> Records;

  void add(const CXXRecordDecl *Record, QualType Type) {
    if (!Record || !Decls.insert(Record->getCanonicalDecl()).second)
      return;
    Records.push_back(Record);
    if (const ClassTemplateDecl *Template = templateOf(Type))
      Decls.insert(Template->getCanonicalDecl());
    if (const CXXRecordDecl *Searchable = searchableRecord(Record)) {
      Decls.insert(Searchable->getCanonicalDecl());
      for (const CXXBaseSpecifier &Base : Searchable->bases()) {
        const QualType BaseType = Base.getType();
        const CXXRecordDecl *BaseRecord = BaseType->getAsCXXRecordDecl();
        if (!BaseRecord)
          if (const ClassTemplateDecl *Template = templateOf(BaseType))
            BaseRecord = Template->getTemplatedDecl();
        add(BaseRecord, BaseType);
      }
    }
  }

  explicit Identity(QualType Type) {
    Type = Type.getNonReferenceType().getUnqualifiedType();
    const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
    if (!Record)
      if (const ClassTemplateDecl *Template = templateOf(Type))
        Record = Template->getTemplatedDecl();
    add(Record, Type);
  }
};

enum class ParamMatch : std::uint8_t { No, Yes, Undecidable };

/// Does the first parameter of \p Function take the type described by \p Id?
ParamMatch firstParamMatches(const FunctionDecl *Function, const Identity &Id) {
  if (!Function || Function->getNumParams() == 0)
    return ParamMatch::No;
  const QualType Param = Function->getParamDecl(0)
                             ->getType()
                             .getNonReferenceType()
                             .getUnqualifiedType();
  if (Param.isNull())
    return ParamMatch::No;
  // `template <class T> operator co_await(T&&)`: only overload resolution could
  // tell.
  if (Param->getAs<TemplateTypeParmType>())
    return ParamMatch::Undecidable;
  if (const CXXRecordDecl *Record = Param->getAsCXXRecordDecl();
      Record && Id.Decls.contains(Record->getCanonicalDecl()))
    return ParamMatch::Yes;
  // A dependent parameter (`task<T>`, or the injected `task` of a hidden
  // friend) takes every specialization of its template; a concrete one only
  // itself.
  if (Param->isDependentType())
    if (const ClassTemplateDecl *Template = templateOf(Param))
      if (Id.Decls.contains(Template->getCanonicalDecl()))
        return ParamMatch::Yes;
  return ParamMatch::No;
}

/// Namespaces that argument-dependent lookup of an operator on \p Type would
/// search: those of the class, of its bases and of its template arguments.
void associatedNamespaces(const Identity &Id,
                          llvm::SmallPtrSetImpl<const DeclContext *> &Out) {
  for (const CXXRecordDecl *Record : Id.Records) {
    Out.insert(Record->getDeclContext()->getEnclosingNamespaceContext());
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record);
    if (!Spec)
      continue;
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() != TemplateArgument::Type)
        continue;
      if (const CXXRecordDecl *ArgRecord =
              Arg.getAsType()->getAsCXXRecordDecl())
        Out.insert(ArgRecord->getDeclContext()->getEnclosingNamespaceContext());
    }
  }
}

/// Looks for a free `operator co_await` taking \p Type: in the associated
/// namespaces (which also hold hidden friends of instantiated classes) and
/// among the friends of the class and its bases (hidden friends of a pattern).
ParamMatch hasFreeCoAwait(QualType Type, ASTContext &Context) {
  const Identity Id(Type);
  if (Id.Records.empty())
    return ParamMatch::No;
  const DeclarationName OperatorName =
      Context.DeclarationNames.getCXXOperatorName(OO_Coawait);
  ParamMatch Result = ParamMatch::No;
  auto Consider = [&](const NamedDecl *Candidate) {
    switch (firstParamMatches(asFunction(Candidate), Id)) {
    case ParamMatch::Yes:
      Result = ParamMatch::Yes;
      break;
    case ParamMatch::Undecidable:
      if (Result == ParamMatch::No)
        Result = ParamMatch::Undecidable;
      break;
    case ParamMatch::No:
      break;
    }
  };

  llvm::SmallPtrSet<const DeclContext *, 4> Namespaces;
  associatedNamespaces(Id, Namespaces);
  for (const DeclContext *Namespace : Namespaces) {
    for (const NamedDecl *Candidate : Namespace->lookup(OperatorName))
      if (!isa<CXXMethodDecl>(Candidate))
        Consider(Candidate);
  }
  for (const CXXRecordDecl *Record : Id.Records) {
    const CXXRecordDecl *Searchable = searchableRecord(Record);
    if (!Searchable)
      continue;
    for (const FriendDecl *Friend : Searchable->friends()) {
      const NamedDecl *Named = Friend->getFriendDecl();
      if (Named && Named->getDeclName() == OperatorName)
        Consider(Named);
    }
  }
  return Result;
}

bool hasAwaiterMembers(const CXXRecordDecl *Record, ASTContext &Context) {
  return !membersNamed(Record, Context, "await_ready").empty() &&
         !membersNamed(Record, Context, "await_suspend").empty() &&
         !membersNamed(Record, Context, "await_resume").empty();
}

/// The record a `promise_type` member (nested class or alias) stands for.
const CXXRecordDecl *promiseFromMember(const CXXRecordDecl *Record,
                                       ASTContext &Context) {
  for (const NamedDecl *Member :
       membersNamed(Record, Context, "promise_type")) {
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(Member))
      return searchableRecord(Nested);
    if (const auto *Alias = dyn_cast<TypedefNameDecl>(Member))
      if (const CXXRecordDecl *Promise = recordOf(Alias->getUnderlyingType()))
        return Promise;
  }
  return nullptr;
}

const ClassTemplateDecl *coroutineTraits(ASTContext &Context) {
  for (const NamedDecl *Std :
       Context.getTranslationUnitDecl()->lookup(&Context.Idents.get("std"))) {
    const auto *Namespace = dyn_cast<NamespaceDecl>(Std);
    if (!Namespace)
      continue;
    for (const NamedDecl *Traits :
         Namespace->lookup(&Context.Idents.get("coroutine_traits")))
      if (const auto *Template = dyn_cast<ClassTemplateDecl>(Traits))
        return Template;
  }
  return nullptr;
}

/// The promise type of a coroutine returning \p Type: std::coroutine_traits
/// (its specializations for exactly this type, then partial specializations for
/// its template), then the type's own `promise_type`.
const CXXRecordDecl *findPromise(QualType Type, const CXXRecordDecl *Record,
                                 ASTContext &Context) {
  const QualType Canonical = Type.getCanonicalType();
  const ClassTemplateDecl *TypeTemplate = templateOf(Type);
  if (const ClassTemplateDecl *Traits = coroutineTraits(Context)) {
    for (const ClassTemplateSpecializationDecl *Spec :
         Traits->getMostRecentDecl()->specializations()) {
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
          Args[0].getAsType().getCanonicalType() != Canonical)
        continue;
      if (const CXXRecordDecl *Promise =
              promiseFromMember(searchableRecord(Spec), Context))
        return Promise;
    }
    llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partials;
    const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(
        Partials);
    for (const ClassTemplatePartialSpecializationDecl *Partial : Partials) {
      const TemplateArgumentList &Args = Partial->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
        continue;
      const QualType First = Args[0].getAsType();
      const ClassTemplateDecl *FirstTemplate = templateOf(First);
      const bool Matches = First.getCanonicalType() == Canonical ||
                           (TypeTemplate && FirstTemplate &&
                            FirstTemplate->getCanonicalDecl() ==
                                TypeTemplate->getCanonicalDecl());
      if (!Matches)
        continue;
      if (const CXXRecordDecl *Promise =
              promiseFromMember(searchableRecord(Partial), Context))
        return Promise;
    }
  }
  return promiseFromMember(Record, Context);
}

/// The first `return` of \p Body, not looking into nested lambdas or classes.
const ReturnStmt *firstReturn(const Stmt *Body) {
  if (!Body)
    return nullptr;
  if (const auto *Return = dyn_cast<ReturnStmt>(Body))
    return Return;
  if (isa<LambdaExpr>(Body) || isa<DeclStmt>(Body))
    return nullptr;
  for (const Stmt *Child : Body->children())
    if (const ReturnStmt *Return = firstReturn(Child))
      return Return;
  return nullptr;
}

/// The body of \p Function, or of the template pattern it was declared from
/// (member functions of class template specializations are instantiated only
/// when used).
const Stmt *bodyOf(const FunctionDecl *Function) {
  if (!Function)
    return nullptr;
  if (const Stmt *Body = Function->getBody())
    return Body;
  if (const FunctionDecl *Pattern = Function->getTemplateInstantiationPattern())
    return Pattern->getBody();
  return nullptr;
}

/// The value of a member function whose body is a single `return <constant>`.
std::optional<bool> constantResult(const FunctionDecl *Function,
                                   ASTContext &Context) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(bodyOf(Function));
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Return || !Return->getRetValue())
    return std::nullopt;
  const Expr *Value = Return->getRetValue();
  bool Result = false;
  if (Value->isValueDependent() || Value->isTypeDependent() ||
      !Value->EvaluateAsBooleanCondition(Result, Context))
    return std::nullopt;
  return Result;
}

const FunctionDecl *firstMemberFunction(const CXXRecordDecl *Record,
                                        ASTContext &Context,
                                        llvm::StringRef Name) {
  for (const NamedDecl *Member : membersNamed(Record, Context, Name))
    if (const FunctionDecl *Function = asFunction(Member))
      return Function;
  return nullptr;
}

/// Whether awaiting \p Awaiter (what initial_suspend returns) suspends the
/// coroutine.
Start startOfAwaiter(QualType Awaiter, ASTContext &Context) {
  const CXXRecordDecl *Record = recordOf(Awaiter);
  if (!Record)
    return Start::Unknown;
  if (Record->isInStdNamespace() && Record->getIdentifier()) {
    if (Record->getName() == "suspend_always")
      return Start::Lazy;
    if (Record->getName() == "suspend_never")
      return Start::Eager;
  }
  const std::optional<bool> Ready = constantResult(
      firstMemberFunction(Record, Context, "await_ready"), Context);
  if (!Ready)
    return Start::Unknown;
  if (*Ready)
    return Start::Eager;
  const FunctionDecl *Suspend =
      firstMemberFunction(Record, Context, "await_suspend");
  if (!Suspend)
    return Start::Unknown;
  if (Suspend->getReturnType()->isVoidType())
    return Start::Lazy;
  if (Suspend->getReturnType()->isBooleanType())
    if (const std::optional<bool> Suspends = constantResult(Suspend, Context))
      return *Suspends ? Start::Lazy : Start::Eager;
  return Start::Unknown; // symmetric transfer or a runtime decision
}

Start startOfPromise(const CXXRecordDecl *Promise, ASTContext &Context) {
  const FunctionDecl *InitialSuspend =
      firstMemberFunction(Promise, Context, "initial_suspend");
  if (!InitialSuspend)
    return Start::Unknown;
  QualType Awaiter = InitialSuspend->getReturnType();
  if (Awaiter->isUndeducedType() || Awaiter->isDependentType()) {
    const ReturnStmt *Return = firstReturn(bodyOf(InitialSuspend));
    if (!Return || !Return->getRetValue())
      return Start::Unknown;
    Awaiter = Return->getRetValue()->IgnoreImplicit()->getType();
    if (Awaiter.isNull() || Awaiter->isDependentType())
      return Start::Unknown;
  }
  return startOfAwaiter(Awaiter, Context);
}

/// [[nodiscard]] on \p Record or on the template it was instantiated from.
bool isNodiscardRecord(const CXXRecordDecl *Record) {
  for (; Record; Record = Record->getTemplateInstantiationPattern())
    if (Record->hasAttr<WarnUnusedResultAttr>())
      return true;
  return false;
}

/// A future: no coroutine returns it, and its result can also be waited for
/// and taken by blocking (`wait()`, `get()`), so the work it stands for runs
/// whether or not anything awaits it.
bool isFuture(const CXXRecordDecl *Record, ASTContext &Context) {
  return firstMemberFunction(Record, Context, "get") &&
         firstMemberFunction(Record, Context, "wait");
}

QualType canonicalOperand(QualType Type) {
  return Type.getNonReferenceType().getCanonicalType().getUnqualifiedType();
}

} // namespace

/// The only member function of \p Record named \p Name, if it has a body.
static const FunctionDecl *onlyDefinedMember(const CXXRecordDecl *Record,
                                             ASTContext &Context,
                                             llvm::StringRef Name) {
  llvm::SmallVector<const NamedDecl *, 4> Found =
      membersNamed(Record, Context, Name);
  if (Found.size() != 1)
    return nullptr;
  const FunctionDecl *Member = asFunction(Found.front());
  const FunctionDecl *Definition = nullptr;
  return Member && Member->hasBody(Definition) ? Definition : nullptr;
}

static bool hasEmptyBody(const FunctionDecl *Function) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Function->getBody());
  return Body && Body->body_empty();
}

/// True if \p Function's body is `return <constant true>;`.
static bool returnsConstantTrue(const FunctionDecl *Function,
                                ASTContext &Context) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Function->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  bool Result = false;
  return Value && !Value->isValueDependent() &&
         Value->EvaluateAsBooleanCondition(Result, Context) && Result;
}

/// See AwaitableInfo::CarriesNoWork: told from the awaiter's own members.
static bool carriesNoWork(const CXXRecordDecl *Record, ASTContext &Context) {
  // std::suspend_always suspends for good and yields nothing.
  if (Record->isInStdNamespace() && Record->getIdentifier() &&
      Record->getName() == "suspend_always")
    return true;
  const FunctionDecl *Ready = onlyDefinedMember(Record, Context, "await_ready");
  const FunctionDecl *Resume =
      onlyDefinedMember(Record, Context, "await_resume");
  return Ready && Resume && Resume->getReturnType()->isVoidType() &&
         hasEmptyBody(Resume) && returnsConstantTrue(Ready, Context);
}

AwaitableInfo AwaitableAnalysis::compute(QualType Type) const {
  AwaitableInfo Info;
  const CXXRecordDecl *Record = recordOf(Type);
  if (!Record)
    return Info;
  const DeclarationName MemberCoAwait =
      Context.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (hasAwaiterMembers(Record, Context)) {
    Info.IsAwaitable = true;
    Info.CarriesNoWork = carriesNoWork(Record, Context);
  } else if (!membersNamed(Record, MemberCoAwait).empty()) {
    Info.IsAwaitable = true;
  } else {
    const ParamMatch Free = hasFreeCoAwait(Type, Context);
    Info.IsAwaitable = Free == ParamMatch::Yes;
    Info.IsUndecidable = Free == ParamMatch::Undecidable;
  }
  Info.MustBeUsed = isNodiscardRecord(Record);
  Info.Promise = findPromise(Type, Record, Context);
  if (Info.Promise) {
    Info.StartMode = startOfPromise(Info.Promise, Context);
    // A coroutine's body is work, whatever its awaiter does.
    Info.CarriesNoWork = false;
  } else if (isFuture(Record, Context)) {
    Info.StartMode = Start::Eager;
  }
  return Info;
}

AwaitableInfo AwaitableAnalysis::classify(QualType Type) {
  AwaitableInfo Info = classifyByShape(Type);
  if (!Type.isNull() &&
      CoAwaited.contains(canonicalOperand(Type).getTypePtr())) {
    Info.IsAwaitable = true;
    Info.IsUndecidable = false;
  }
  return Info;
}

AwaitableInfo AwaitableAnalysis::classifyByShape(QualType Type) {
  if (Type.isNull())
    return {};
  const QualType Key = canonicalOperand(Type);
  auto Cached = Cache.find(Key.getTypePtr());
  if (Cached != Cache.end())
    return Cached->second;
  return Cache.try_emplace(Key.getTypePtr(), compute(Key)).first->second;
}

void AwaitableAnalysis::noteCoAwaited(QualType Type) {
  if (Type.isNull() || Type->isDependentType())
    return;
  CoAwaited.insert(canonicalOperand(Type).getTypePtr());
}

bool AwaitableAnalysis::isTaskCoroutine(const FunctionDecl *Function) {
  if (!Function || Function->isInvalidDecl())
    return false;
  if (!isa_and_nonnull<CoroutineBodyStmt>(Function->getBody()))
    return false;
  return classifyByShape(Function->getReturnType()).IsAwaitable;
}

const CXXRecordDecl *
AwaitableAnalysis::promiseOf(const FunctionDecl *Function) const {
  if (!Function || Function->isInvalidDecl())
    return nullptr;
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(Function->getBody());
  if (!Body)
    return nullptr;
  const auto *PromiseStmt =
      dyn_cast_or_null<DeclStmt>(Body->getPromiseDeclStmt());
  if (!PromiseStmt || !PromiseStmt->isSingleDecl())
    return nullptr;
  const auto *Promise = dyn_cast<VarDecl>(PromiseStmt->getSingleDecl());
  if (!Promise || Promise->getType()->isDependentType())
    return nullptr;
  return recordOf(Promise->getType());
}

bool AwaitableAnalysis::promiseAccepts(const CXXRecordDecl *Promise,
                                       QualType Awaited) {
  if (!Promise || Awaited.isNull() || Awaited->isDependentType())
    return false;
  const auto Transforms = membersNamed(Promise, Context, "await_transform");
  if (Transforms.empty()) {
    const AwaitableInfo Info = classify(Awaited);
    return Info.IsAwaitable && !Info.IsUndecidable;
  }
  const Identity Id(Awaited);
  for (const NamedDecl *Transform : Transforms)
    if (firstParamMatches(asFunction(Transform), Id) == ParamMatch::Yes)
      return true;
  return false;
}

} // namespace clang::tidy::coroguard
