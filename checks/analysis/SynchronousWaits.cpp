//===--- SynchronousWaits.cpp - waits on awaitables, told by shape --------===//

#include "SynchronousWaits.h"
#include "catalog/Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::coroguard {

static bool isDefined(const FunctionDecl *Function) {
  const FunctionDecl *Definition = nullptr;
  return Function->hasBody(Definition);
}

bool SynchronousWaits::isSyncWaitFunction(const FunctionDecl *Callee) {
  if (isa<CXXMethodDecl>(Callee) || !Callee->getIdentifier() ||
      !Callee->getName().contains_insensitive("wait"))
    return false;
  const FunctionDecl *Definition = nullptr;
  if (Callee->hasBody(Definition) &&
      isa_and_nonnull<CoroutineBodyStmt>(Definition->getBody()))
    return false;
  QualType const Result = Callee->getReturnType();
  if (Result->isDependentType() || Result->isUndeducedType() ||
      Awaitables.classifyByShape(Result).IsAwaitable)
    return false;
  return llvm::any_of(Callee->parameters(), [this](const ParmVarDecl *Param) {
    QualType const Type = Param->getType().getNonReferenceType();
    return !Type->isDependentType() && Awaitables.classifyByShape(Type).IsAwaitable;
  });
}

bool SynchronousWaits::isBlockingAccessor(const CXXMethodDecl *Method) {
  if (!Method->getIdentifier() || isDefined(Method) ||
      !llvm::is_contained({"get", "wait"}, Method->getName()))
    return false;
  const CXXRecordDecl *Class = Method->getParent();
  return Class && !Class->isDependentType() &&
         Awaitables.classifyByShape(Class->getASTContext().getCanonicalTagType(Class))
             .IsAwaitable;
}

const CatalogEntry *SynchronousWaits::entryFor(const FunctionDecl *Callee) {
  Names.push_back(qualifiedName(Callee, /*KeepBoost=*/true));
  CatalogEntry &Entry = Entries.emplace_back();
  Entry.Name = Names.back();
  Entry.Kind = EntryKind::Blocking;
  Entry.Category = BlockingCategory::SyncWait;
  return &Entry;
}

const CatalogEntry *SynchronousWaits::find(const Expr *Call) {
  const auto *C = dyn_cast_or_null<CallExpr>(Call);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (!Callee || Callee->isInvalidDecl())
    return nullptr;
  auto [Found, Inserted] = Known.try_emplace(Callee->getCanonicalDecl());
  if (!Inserted)
    return Found->second;
  const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
  bool const Waits = Method ? isBlockingAccessor(Method) : isSyncWaitFunction(Callee);
  return Found->second = Waits ? entryFor(Callee) : nullptr;
}

} // namespace clang::tidy::coroguard
