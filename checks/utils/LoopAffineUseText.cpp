//===--- LoopAffineUseText.cpp - how messages name a loop-affine use ------===//

#include "LoopAffineUseText.h"
#include "DiagnosticText.h"
#include "catalog/Names.h"

namespace clang::tidy::coroguard {

LoopAffineUseText describeLoopAffineUse(const Expr *Call,
                                        const LoopAffineUse &Use,
                                        const ASTContext &Context) {
  LoopAffineUseText Text;
  const auto *C = cast<CallExpr>(Call);
  const Expr *Object = Use.Object->IgnoreParenImpCasts();
  const bool ImplicitThis =
      isa<CXXThisExpr>(Object) && cast<CXXThisExpr>(Object)->isImplicit();
  const auto *Callee = dyn_cast<MemberExpr>(C->getCallee()->IgnoreParens());
  const bool Arrow = !Use.Function && Callee && Callee->isArrow();
  // The class as a smart pointer names it: shared_ptr<tcp::socket>.
  QualType ObjectType = Object->getType();
  const Expr *SmartPointer = nullptr;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Object);
      Operator && Operator->getNumArgs() == 1 &&
      (Operator->getOperator() == OO_Arrow ||
       Operator->getOperator() == OO_Star))
    SmartPointer = Operator->getArg(0);
  else if (const auto *Get = dyn_cast<CXXMemberCallExpr>(Object);
           Get && Get->getMethodDecl() &&
           Get->getMethodDecl()->getIdentifier() &&
           isInNameList(NameList::SmartPointerGetters,
                        Get->getMethodDecl()->getName()))
    SmartPointer = Get->getImplicitObjectArgument();
  if (const auto *Pointer = SmartPointer
                                ? SmartPointer->IgnoreParenImpCasts()
                                      ->getType()
                                      ->getAs<TemplateSpecializationType>()
                                : nullptr;
      Pointer && !Pointer->template_arguments().empty() &&
      Pointer->template_arguments()[0].getKind() == TemplateArgument::Type)
    ObjectType = Pointer->template_arguments()[0].getAsType();
  // 'p->close()' names the object 'p' reached through '->'.
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Object);
      Operator && Operator->getOperator() == OO_Arrow &&
      Operator->getNumArgs() == 1)
    Object = Operator->getArg(0)->IgnoreParenImpCasts();
  std::string Spelled;
  if (!ImplicitThis)
    Spelled = spelledText(Object, Context).value_or("");
  if (Spelled.empty() && !ImplicitThis) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object))
      Spelled = Ref->getDecl()->getNameAsString();
    else if (const auto *Member = dyn_cast<MemberExpr>(Object))
      Spelled = Member->getMemberDecl()->getNameAsString();
    else
      Spelled = "object";
  }
  // The object itself, and how its members are reached.
  std::string Access;
  if (ImplicitThis) {
    Text.Object = "*this";
  } else if (Arrow) {
    Text.Object = "*" + Spelled;
    Access = Spelled + "->";
  } else {
    Text.Object = Spelled;
    Access = (llvm::StringRef(Spelled).starts_with("*") ? "(" + Spelled + ")"
                                                        : Spelled) +
             ".";
  }
  Text.Executor = Access + "get_executor()";

  if (Use.Function) {
    Text.Name = qualifiedName(Use.Callee, /*KeepBoost=*/true);
    Text.Call = spelledText(Call, Context)
                    .value_or(Text.Name + "(" + Spelled + ", ...)");
  } else {
    const std::string Member = Use.Callee->getNameAsString();
    Text.Name = writtenTypeName(ObjectType, Context) + "::" + Member;
    Text.Call = spelledText(Call, Context).value_or(Access + Member + "(...)");
  }
  const CXXRecordDecl *Class =
      ObjectType.getNonReferenceType()->getPointeeCXXRecordDecl();
  if (!Class)
    Class = ObjectType.getNonReferenceType()->getAsCXXRecordDecl();
  Text.Post = Class && llvm::StringRef(qualifiedName(Class, true))
                           .starts_with("boost::")
                  ? "boost::asio::post"
                  : "asio::post";
  return Text;
}

std::string remedyFor(const LoopAffineUse &Use, const LoopAffineUseText &Text) {
  if (!Use.Type->Suggestion.empty())
    return Use.Type->Suggestion.str();
  return "post it to the loop: " + Text.Post + "(" + Text.Executor +
         ", [&] { " + Text.Call + "; })";
}

} // namespace clang::tidy::coroguard
