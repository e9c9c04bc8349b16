//===--- Exemptions.cpp - arguments that make a blocking call harmless ----===//

#include "Exemptions.h"
#include "Names.h"
#include "llvm/ADT/ArrayRef.h"

namespace clang::tidy::coroguard {
namespace {

bool isStandardStream(const Expr *Arg) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasGlobalStorage() && Var->getIdentifier() &&
         isInNameList(NameList::StandardStreams, Var->getName());
}

bool isStandardFd(const Expr *Arg, const ASTContext &Context) {
  Arg = Arg->IgnoreParenImpCasts();
  // fileno(stdout)
  if (const auto *Call = dyn_cast<CallExpr>(Arg)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && Callee->getIdentifier() &&
           isInNameList(NameList::StreamDescriptorFunctions,
                        Callee->getName()) &&
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

} // namespace

bool isExempt(Exemption Kind, unsigned ArgIndex, const Expr *Call,
              const ASTContext &Context) {
  // Exemptions are about arguments as written: a member call's object is not
  // one of them.
  const auto *C = dyn_cast<CallExpr>(Call);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  const llvm::ArrayRef<const Expr *> Args = {C->getArgs(), C->getNumArgs()};
  switch (Kind) {
  case Exemption::None:
    return false;
  case Exemption::ZeroTimeout:
    return ArgIndex < Args.size() && isZeroDuration(Args[ArgIndex], Context);
  case Exemption::StandardStream:
    return ArgIndex < Args.size() && isStandardStream(Args[ArgIndex]);
  case Exemption::StandardFd:
    return ArgIndex < Args.size() && isStandardFd(Args[ArgIndex], Context);
  case Exemption::FileStatus: {
    if (ArgIndex >= Callee->getNumParams())
      return false;
    const CXXRecordDecl *Param =
        classNamedBy(Callee->getParamDecl(ArgIndex)->getType());
    return Param && hasQualifiedNameIn(Param, NameList::FileStatusTypes);
  }
  }
  return false;
}

} // namespace clang::tidy::coroguard
