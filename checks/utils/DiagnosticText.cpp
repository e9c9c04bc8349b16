//===--- DiagnosticText.cpp - how diagnostics name code -------------------===//

#include "DiagnosticText.h"
#include "catalog/Catalog.h"
#include "catalog/Names.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::coroguard {

std::string functionName(const FunctionDecl *Function) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->getParent()->isLambda())
    return "lambda";
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
    return qualifiedName(Constructor->getParent());
  std::string Name = qualifiedName(Function);
  // An operator has no identifier: 'ns::waiter::' gets 'operator()'.
  if (!Function->getIdentifier())
    Name += Function->getNameAsString();
  // Values tell specializations apart in a chain (countdown<1>, countdown<0>);
  // type arguments (often lambdas) would only add noise.
  const TemplateArgumentList *Args = Function->getTemplateSpecializationArgs();
  if (!Args || !llvm::all_of(Args->asArray(), [](const TemplateArgument &Arg) {
        return Arg.getKind() == TemplateArgument::Integral;
      }))
    return Name;
  llvm::SmallVector<std::string, 2> Values;
  for (const TemplateArgument &Arg : Args->asArray())
    Values.push_back(llvm::toString(Arg.getAsIntegral(), 10));
  return Name + "<" + llvm::join(Values, ", ") + ">";
}

std::string hopFunctionName(const ChainHop &Hop) {
  return Hop.Function ? functionName(Hop.Function) : Hop.Summary->Name;
}

std::string hopCalleeName(const ChainHop &Hop) {
  if (Hop.SummarizedCall)
    return Hop.SummarizedCall->CalleeName;
  return Hop.Callee ? functionName(Hop.Callee) : "";
}

std::string chainVia(llvm::ArrayRef<ChainHop> Chain) {
  std::string Via;
  for (const ChainHop &Hop : Chain.drop_front())
    Via += (Via.empty() ? " via '" : ", '") + hopFunctionName(Hop) + "'";
  return Via;
}

std::optional<std::string> spelledText(const Expr *E, const ASTContext &Context,
                                       size_t MaxLength) {
  if (!E)
    return std::nullopt;
  const SourceRange Range = E->getSourceRange();
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  const llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Range), Context.getSourceManager(),
      Context.getLangOpts(), &Invalid);
  if (Invalid || Text.empty() || Text.size() > MaxLength || Text.contains('\n'))
    return std::nullopt;
  return Text.str();
}

std::string writtenTypeName(QualType Type, const ASTContext &Context) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  // A member typedef of a class template (shared_ptr's element_type,
  // ssl::stream's lowest_layer_type) says less than what it stands for.
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    // And std's alias templates (make_shared's _NonArray<T>).
    if (const auto *Alias = Type->getAs<TemplateSpecializationType>();
        Alias && Alias->isTypeAlias()) {
      const TemplateDecl *Template =
          Alias->getTemplateName().getAsTemplateDecl();
      if (!Template || !Template->isInStdNamespace())
        break;
      Type = Alias->getAliasedType();
      continue;
    }
    const auto *Typedef = Type->getAs<TypedefType>();
    if (!Typedef)
      break;
    const auto *Owner =
        dyn_cast<CXXRecordDecl>(Typedef->getDecl()->getDeclContext());
    if (!Owner || !(Owner->isInStdNamespace() ||
                    isa<ClassTemplateSpecializationDecl>(Owner) ||
                    Owner->getDescribedClassTemplate()))
      break;
    Type = Typedef->desugar();
  }
  PrintingPolicy Policy(Context.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressScope = false;
  Policy.FullyQualifiedName = true;
  Policy.SuppressDefaultTemplateArgs = true;
  // Sugar (a typedef, a specialization as written) is qualified as written;
  // a bare specialization (a deduced template argument) prints without the
  // template arguments it defaults.
  while (const auto *Substituted =
             dyn_cast<SubstTemplateTypeParmType>(Type.getTypePtr()))
    Type = Substituted->getReplacementType();
  if (isa<TypedefType, TemplateSpecializationType>(Type.getTypePtr()))
    return TypeName::getFullyQualifiedName(Type.getUnqualifiedType(), Context,
                                           Policy);
  return Type.getUnqualifiedType().getCanonicalType().getAsString(Policy);
}

} // namespace clang::tidy::coroguard
