//===--- Names.cpp - catalog spelling and name lists ----------------------===//

#include "Names.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include <array>

namespace clang::tidy::coroguard {
namespace {

struct NameRow {
  NameList List;
  llvm::StringRef Name;
};

constexpr NameRow NameRows[] = {
#define NAME(List, Spelling) {NameList::List, Spelling},
#include "Names.def"
#define EXECUTOR_MEMBER_NAME(List, Spelling) {NameList::List, Spelling},
#include "Executors.def"
};

constexpr size_t NameListCount =
    static_cast<size_t>(NameList::ProcessEnders) + 1;

/// The rows grouped by list, built once.
const std::array<llvm::SmallVector<llvm::StringRef, 8>, NameListCount> &
namesByList() {
  static const auto ByList = [] {
    std::array<llvm::SmallVector<llvm::StringRef, 8>, NameListCount> Lists;
    for (const NameRow &Row : NameRows)
      Lists[static_cast<size_t>(Row.List)].push_back(Row.Name);
    return Lists;
  }();
  return ByList;
}

/// The parts of \p Decl's qualifiedName, innermost first.
llvm::SmallVector<llvm::StringRef, 6> nameParts(const NamedDecl *Decl,
                                                bool KeepBoost) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  Parts.push_back(Decl->getIdentifier() ? Decl->getName() : "");
  for (const DeclContext *Scope = Decl->getDeclContext();
       Scope && !Scope->isTranslationUnit(); Scope = Scope->getParent()) {
    if (const auto *Namespace = dyn_cast<NamespaceDecl>(Scope)) {
      if (!Namespace->isInline() && !Namespace->isAnonymousNamespace())
        Parts.push_back(Namespace->getName());
    } else if (const auto *Record = dyn_cast<RecordDecl>(Scope)) {
      if (Record->getIdentifier())
        Parts.push_back(Record->getName());
    } else if (isa<FunctionDecl>(Scope)) {
      break; // a local class is named by itself
    }
  }
  if (!KeepBoost && Parts.size() > 2 && Parts.back() == "boost" &&
      Parts[Parts.size() - 2] == "asio")
    Parts.pop_back();
  return Parts;
}

} // namespace

llvm::ArrayRef<llvm::StringRef> namesIn(NameList List) {
  return namesByList()[static_cast<size_t>(List)];
}

bool isInNameList(NameList List, llvm::StringRef Name) {
  return llvm::is_contained(namesIn(List), Name);
}

bool startsWithNameIn(NameList List, llvm::StringRef Name) {
  return llvm::any_of(namesIn(List), [&](llvm::StringRef Prefix) {
    return Name.starts_with(Prefix);
  });
}

bool isStdFunctionIn(const FunctionDecl *Function, NameList List) {
  return Function && Function->isInStdNamespace() &&
         Function->getIdentifier() && isInNameList(List, Function->getName());
}

bool hasQualifiedNameIn(const NamedDecl *Decl, NameList List) {
  return llvm::any_of(namesIn(List), [&](llvm::StringRef Name) {
    return hasQualifiedName(Decl, Name);
  });
}

bool isThrowAssertionMacro(llvm::StringRef Name) {
  return isInNameList(NameList::ThrowAssertionMacros, Name) ||
         startsWithNameIn(NameList::ThrowAssertionMacroPrefixes, Name);
}

bool isExpandedFromMacro(SourceLocation Loc, const ASTContext &Context,
                         llvm::function_ref<bool(llvm::StringRef)> IsName) {
  const SourceManager &SM = Context.getSourceManager();
  while (Loc.isMacroID()) {
    if (IsName(Lexer::getImmediateMacroName(Loc, SM, Context.getLangOpts())))
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

bool isThrowAssertionName(llvm::StringRef Name) {
  std::string Folded;
  for (const char C : Name)
    if (C != '_')
      Folded.push_back(llvm::toLower(C));
  const llvm::StringRef Text(Folded);
  return startsWithNameIn(NameList::ThrowAssertionFunctionPrefixes, Text) &&
         llvm::any_of(
             namesIn(NameList::ThrowAssertionFunctionWords),
             [&](llvm::StringRef Word) { return Text.contains(Word); });
}

std::string qualifiedName(const NamedDecl *Decl, bool KeepBoost) {
  return llvm::join(llvm::reverse(nameParts(Decl, KeepBoost)), "::");
}

bool hasQualifiedName(const NamedDecl *Decl, llvm::StringRef Name) {
  const auto Parts = nameParts(Decl, /*KeepBoost=*/false);
  for (auto Part = Parts.rbegin(); Part != Parts.rend(); ++Part)
    if ((Part != Parts.rbegin() && !Name.consume_front("::")) ||
        !Name.consume_front(*Part))
      return false;
  return Name.empty();
}

std::string normalizeName(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  if (Name.starts_with("boost::asio::"))
    return Name.drop_front(llvm::StringRef("boost::").size()).str();
  return Name.str();
}

llvm::StringRef lastComponent(llvm::StringRef Name) {
  const size_t Colons = Name.rfind("::");
  return Colons == llvm::StringRef::npos ? Name : Name.drop_front(Colons + 2);
}

llvm::StringRef scopeOf(llvm::StringRef Name) {
  const size_t Colons = Name.rfind("::");
  return Colons == llvm::StringRef::npos ? llvm::StringRef()
                                         : Name.take_front(Colons);
}

const CXXRecordDecl *classNamedBy(QualType Type) {
  if (Type.isNull())
    return nullptr;
  Type = Type.getNonReferenceType();
  if (const auto *Pointer = Type->getAs<PointerType>())
    Type = Pointer->getPointeeType();
  return Type->getAsCXXRecordDecl();
}

} // namespace clang::tidy::coroguard
