//===--- OptionKeys.cpp - misspelled option keys and check names ----------===//

#include "OptionKeys.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang::tidy::coroguard {

llvm::ArrayRef<llvm::StringRef> coroguardCheckNames() {
  static constexpr llvm::StringRef Names[] = {"coroguard-blocking-call",
                                              "coroguard-cross-thread-call",
                                              "coroguard-forgotten-await"};
  return Names;
}

/// The candidate nearest to \p Written, if it is near enough to be a typo: at
/// most a third of its length apart, and at least one edit.
static llvm::StringRef nearest(llvm::StringRef Written,
                               llvm::ArrayRef<llvm::StringRef> Candidates) {
  llvm::StringRef Best;
  unsigned BestDistance = Written.size() / 3 + 1;
  for (llvm::StringRef const Candidate : Candidates) {
    unsigned const Distance = Written.edit_distance(Candidate, /*AllowReplacements=*/true,
                                              BestDistance);
    if (Distance < BestDistance) {
      Best = Candidate;
      BestDistance = Distance;
    }
  }
  return Best;
}

/// A configuration diagnostic: ClangTidyCheck::configurationDiag is protected,
/// the context's is what it calls.
static void warn(ClangTidyContext &Context, const std::string &Message) {
  Context.configurationDiag(Message, DiagnosticIDs::Warning);
}

void warnUnknownOptionKeys(ClangTidyCheck &Check, llvm::StringRef CheckName,
                           ClangTidyContext &Context) {
  ClangTidyOptions::OptionMap Honoured;
  Check.storeOptions(Honoured);
  llvm::SmallVector<llvm::StringRef, 16> Keys;
  for (const auto &Entry : Honoured)
    Keys.push_back(llvm::StringRef(Entry.getKey()).drop_front(CheckName.size() + 1));

  const llvm::StringRef *FirstEnabled =
      llvm::find_if(coroguardCheckNames(), [&Context](llvm::StringRef Name) {
        return Context.isCheckEnabled(Name);
      });
  const bool ReportsCheckNames = FirstEnabled != coroguardCheckNames().end() &&
                                 *FirstEnabled == CheckName;

  for (const auto &Entry : Context.getOptions().CheckOptions) {
    llvm::StringRef const Key = Entry.getKey();
    auto [Name, Option] = Key.split('.');
    if (Option.empty() || !Name.starts_with("coroguard-"))
      continue;
    if (Name == CheckName) {
      if (Honoured.count(Key))
        continue;
      std::string Message =
          ("unknown option '" + Key + "': " + CheckName + " has no option '" +
           Option + "'")
              .str();
      if (llvm::StringRef const Near = nearest(Option, Keys); !Near.empty())
        Message += ("; did you mean '" + Near + "'?").str();
      warn(Context, Message);
    } else if (ReportsCheckNames &&
               !llvm::is_contained(coroguardCheckNames(), Name)) {
      std::string Message =
          ("unknown check '" + Name + "' in option '" + Key +
           "': the option is not read")
              .str();
      if (llvm::StringRef const Near = nearest(Name, coroguardCheckNames());
          !Near.empty())
        Message += ("; did you mean '" + Near + "'?").str();
      warn(Context, Message);
    }
  }
}

} // namespace clang::tidy::coroguard
