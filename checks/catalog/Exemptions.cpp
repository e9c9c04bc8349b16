//===--- Exemptions.cpp - arguments that make a blocking call harmless ----===//

#include "Exemptions.h"
#include "Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
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

// Whether \p S spells a flag that makes a descriptor non-blocking: a
// NonBlockingFlags macro, or an enumerator of that name (SOCK_NONBLOCK and
// EFD_NONBLOCK are enumerators in glibc).
bool spellsNonBlockingFlag(const Stmt *S, const ASTContext &Context) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (isExpandedFromMacro(E->getBeginLoc(), Context, [](llvm::StringRef Name) {
          return isInNameList(NameList::NonBlockingFlags, Name);
        }))
      return true;
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    if (const auto *Enumerator =
            Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr)
      return Enumerator->getIdentifier() &&
             isInNameList(NameList::NonBlockingFlags, Enumerator->getName());
  }
  for (const Stmt *Child : S->children())
    if (spellsNonBlockingFlag(Child, Context))
      return true;
  return false;
}

// Whether a member function of \p Class defined in this TU spells a
// non-blocking flag: the class makes the descriptors it holds non-blocking.
bool classMakesDescriptorsNonBlocking(const CXXRecordDecl *Class,
                                      const ASTContext &Context) {
  Class = Class ? Class->getDefinition() : nullptr;
  if (!Class)
    return false;
  for (const CXXMethodDecl *Method : Class->methods())
    if (spellsNonBlockingFlag(Method->getBody(), Context))
      return true;
  return false;
}

// The class whose member (m_fd, m_fds[1]) or member function's result
// (write_fd()) \p Arg is, if it is one.
const CXXRecordDecl *descriptorOwner(const Expr *Arg) {
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Arg))
    return descriptorOwner(Subscript->getBase());
  if (const auto *Subscript = dyn_cast<CXXOperatorCallExpr>(Arg))
    return Subscript->getOperator() == OO_Subscript && Subscript->getNumArgs() > 0
               ? descriptorOwner(Subscript->getArg(0))
               : nullptr;
  if (const auto *Member = dyn_cast<MemberExpr>(Arg))
    return isa<FieldDecl>(Member->getMemberDecl())
               ? dyn_cast<CXXRecordDecl>(Member->getMemberDecl()->getDeclContext())
               : nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Arg))
    return Call->getNumArgs() == 0 ? Call->getRecordDecl() : nullptr;
  return nullptr;
}

// Whether the descriptor \p Arg was made non-blocking by what the code shows:
// a member of a class that makes its descriptors non-blocking, or a local or
// parameter of a function that spells a non-blocking flag.
bool isNonBlockingFd(const Expr *Arg, const ASTContext &Context) {
  if (const CXXRecordDecl *Owner = descriptorOwner(Arg))
    return classMakesDescriptorsNonBlocking(Owner, Context);
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDeclOrParm())
    return false;
  const auto *Function = dyn_cast<FunctionDecl>(Var->getDeclContext());
  return Function && spellsNonBlockingFlag(Function->getBody(), Context);
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
  case Exemption::ConsoleOrNonBlockingFd:
    return ArgIndex < Args.size() && (isStandardFd(Args[ArgIndex], Context) ||
                                      isNonBlockingFd(Args[ArgIndex], Context));
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
