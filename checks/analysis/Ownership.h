//===--- Ownership.h - owned or shared objects -----------------*- C++ -*-===//
//
// Who may use an object, seen from the code that uses it: owned by that code
// (a local, a by-value capture, a temporary, an object it created through a
// pointer) or shared with code running elsewhere (captured by reference, a
// member, a reference parameter, a global). A reference returned by a member
// function is taken to be part of the object it is called on.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_OWNERSHIP_H
#define COROGUARD_CHECKS_ANALYSIS_OWNERSHIP_H

#include "LocalParents.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <cstdint>

namespace clang::tidy::coroguard {

/// Who may use an object, seen from the code that uses it.
enum class Ownership : std::uint8_t {
  /// Only this code: a local declared in it, a by-value parameter, a copy
  /// captured by value, a temporary, an object it created through a pointer.
  Owned,
  /// Also code elsewhere: captured by reference, a member (of *this), a
  /// reference parameter, a global or static, reached through a pointer the
  /// code did not create.
  Shared,
  /// Cannot be told (a reference returned by a free function, a conditional).
  Unknown,
};

class OwnershipAnalysis {
public:
  explicit OwnershipAnalysis(LocalParents &Parents) : Parents(Parents) {}

  /// Who may use the object \p Object (an expression of class type, or a
  /// pointer to the object, as the object of a member call) denotes, seen from
  /// the code of \p Code (Placement::Body): owned by it or shared with code
  /// running elsewhere. A reference returned by a member function is taken to
  /// be part of the object it is called on (lowest_layer(), operator[]).
  Ownership objectOwnership(const Expr *Object, const FunctionDecl *Code);

private:
  Ownership ownershipOfObject(const Expr *Object, const FunctionDecl *Code,
                              unsigned Depth);
  Ownership ownershipOfPointee(const Expr *Pointer, const FunctionDecl *Code,
                               unsigned Depth);
  Ownership ownershipOfVariable(const VarDecl *Var, const FunctionDecl *Code,
                                unsigned Depth);
  Ownership ownershipOfThis(const FunctionDecl *Code);

  LocalParents &Parents;
};

} // namespace clang::tidy::coroguard

#endif
