//===--- Ownership.cpp - owned or shared objects --------------------------===//

#include "Ownership.h"
#include "Expressions.h"
#include "catalog/Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::coroguard {

namespace {

bool isStdSmartPointer(QualType Type) {
  const CXXRecordDecl *Class =
      Type.isNull() ? nullptr
                    : Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Class || !Class->isInStdNamespace() || !Class->getIdentifier())
    return false;
  return isInNameList(NameList::StdSmartPointers, Class->getName());
}

/// A call making a new object behind a smart pointer.
bool isMakeCall(const FunctionDecl *Callee) {
  return isStdFunctionIn(Callee, NameList::StdSmartPointerFactories);
}

} // namespace

Ownership OwnershipAnalysis::objectOwnership(const Expr *Object,
                                            const FunctionDecl *Code) {
  return ownershipOfObject(Object, Code, 0);
}

Ownership OwnershipAnalysis::ownershipOfThis(const FunctionDecl *Code) {
  // A lambda that captured a copy of *this owns it; any other code runs on an
  // object someone else has.
  if (const LambdaExpr *Lambda = Code ? Parents.lambdaOf(Code) : nullptr) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesThis())
        return Capture.getCaptureKind() == LCK_StarThis ? Ownership::Owned
                                                        : Ownership::Shared;
  }
  return Ownership::Shared;
}

Ownership OwnershipAnalysis::ownershipOfVariable(const VarDecl *Var,
                                                const FunctionDecl *Code,
                                                unsigned Depth) {
  if (Var->getTLSKind() != VarDecl::TLS_None)
    return Ownership::Owned;
  if (Var->hasGlobalStorage())
    return Ownership::Shared;
  const bool IsReference = Var->getType()->isReferenceType();
  if (isDeclaredIn(Var, Code)) {
    if (!IsReference)
      return Ownership::Owned;
    // [&s = socket] or a reference parameter: someone else's object.
    if (isa<ParmVarDecl>(Var) || Var->isInitCapture() || !Var->getInit())
      return Ownership::Shared;
    return ownershipOfObject(Var->getInit(), Code, Depth + 1);
  }
  // Declared outside: captured by the lambda whose code this is.
  if (const LambdaExpr *Lambda = Code ? Parents.lambdaOf(Code) : nullptr) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
        return Capture.getCaptureKind() == LCK_ByRef ? Ownership::Shared
                                                     : Ownership::Owned;
  }
  return Ownership::Unknown;
}

Ownership OwnershipAnalysis::ownershipOfObject(const Expr *Object,
                                              const FunctionDecl *Code,
                                              unsigned Depth) {
  const Expr *E = stripObject(Object);
  if (!E || Depth > 8)
    return Ownership::Unknown;
  // The object of a member call through '->'.
  if (E->getType()->isPointerType())
    return ownershipOfPointee(E, Code, Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return ownershipOfVariable(Var, Code, Depth);
    return Ownership::Unknown;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (isa<VarDecl>(Member->getMemberDecl()))
      return Ownership::Shared; // a static data member
    if (!isa<FieldDecl>(Member->getMemberDecl()))
      return Ownership::Unknown;
    return Member->isArrow()
               ? ownershipOfPointee(Member->getBase(), Code, Depth + 1)
               : ownershipOfObject(Member->getBase(), Code, Depth + 1);
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() == OO_Star && Operator->getNumArgs() == 1)
      return ownershipOfPointee(Operator->getArg(0), Code, Depth + 1);
    if (Operator->getOperator() == OO_Subscript && Operator->isLValue())
      return ownershipOfObject(Operator->getArg(0), Code, Depth + 1);
    return E->isPRValue() ? Ownership::Owned : Ownership::Unknown;
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    return ownershipOfPointee(Unary->getSubExpr(), Code, Depth + 1);
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = Subscript->getBase()->IgnoreParenImpCasts();
    return Base->getType()->isArrayType()
               ? ownershipOfObject(Base, Code, Depth + 1)
               : ownershipOfPointee(Base, Code, Depth + 1);
  }
  // A reference returned by a member is part of its object; a
  // std::reference_wrapper's refers elsewhere.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && E->isLValue()) {
    const CXXRecordDecl *Class = Call->getRecordDecl();
    if (Class && Class->isInStdNamespace() && Class->getIdentifier() &&
        isInNameList(NameList::StdReferenceWrappers, Class->getName()))
      return Ownership::Shared;
    return ownershipOfObject(Call->getImplicitObjectArgument(), Code,
                             Depth + 1);
  }
  if (E->isPRValue() && isa<CallExpr, CXXConstructExpr>(E))
    return Ownership::Owned; // a temporary
  return Ownership::Unknown;
}

Ownership OwnershipAnalysis::ownershipOfPointee(const Expr *Pointer,
                                               const FunctionDecl *Code,
                                               unsigned Depth) {
  const Expr *E = stripObject(Pointer);
  if (!E || Depth > 8)
    return Ownership::Unknown;
  if (isa<CXXThisExpr>(E))
    return ownershipOfThis(Code);
  // static_cast<tcp::socket *>(arg): what the pointer cast points to.
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return ownershipOfPointee(Cast->getSubExpr(), Code, Depth + 1);
  if (isa<CXXNewExpr>(E))
    return Ownership::Owned;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return ownershipOfObject(Unary->getSubExpr(), Code, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (isMakeCall(Call->getDirectCallee()))
      return Ownership::Owned;
    // ptr->, ptr.get(): what the smart pointer points to.
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Arrow &&
        Operator->getNumArgs() == 1)
      return ownershipOfPointee(Operator->getArg(0), Code, Depth + 1);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && Member->getMethodDecl() &&
        Member->getMethodDecl()->getIdentifier()) {
      const llvm::StringRef Name = Member->getMethodDecl()->getName();
      if (isInNameList(NameList::SmartPointerGetters, Name) &&
          isStdSmartPointer(Member->getObjectType()))
        return ownershipOfPointee(Member->getImplicitObjectArgument(), Code,
                                  Depth + 1);
      // A pointer to the object it is called on.
      if (isInNameList(NameList::SelfPointerMembers, Name))
        return ownershipOfObject(Member->getImplicitObjectArgument(), Code,
                                 Depth + 1);
    }
    return Ownership::Unknown;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return Ownership::Unknown;
    // A pointer this code made and keeps: what it was initialized with.
    if (isDeclaredIn(Var, Code) && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType() && !Var->hasGlobalStorage() &&
        Var->getInit()) {
      // [Self = shared_from_this()]: initialized outside, a copy of a
      // pointer from there, unless made right there.
      const Ownership Target =
          ownershipOfPointee(Var->getInit(), Code, Depth + 1);
      if (Var->isInitCapture() && Target == Ownership::Unknown)
        return Ownership::Shared;
      return Target;
    }
    // Given to this code, captured, or global: it points to someone else's
    // object (a copy of a shared_ptr still shares it).
    return Ownership::Shared;
  }
  if (isa<MemberExpr>(E))
    return Ownership::Shared;
  return Ownership::Unknown;
}

} // namespace clang::tidy::coroguard
