//===--- OptionParsing.h - validated check options -------------*- C++ -*-===//
//
// Check options that users write by hand (regex lists, numbers) are validated once,
// when the check is constructed; a bad value becomes a configuration error that names
// the option, never a crash or a silently ignored setting.
//
//===----------------------------------------------------------------------===//

#ifndef COROGUARD_CHECKS_ANALYSIS_OPTIONPARSING_H
#define COROGUARD_CHECKS_ANALYSIS_OPTIONPARSING_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::coroguard {

/// A ';'-separated list of regular expressions, each matched against a whole name.
/// Copies share the compiled patterns.
class RegexList {
public:
  RegexList() = default;
  bool empty() const { return Patterns.empty(); }
  /// True if any pattern matches all of \p Name.
  bool matches(llvm::StringRef Name) const;
  /// The option's text, for storeOptions.
  const std::string &source() const { return Source; }

private:
  friend class CheckOptionReader;
  std::string Source;
  std::vector<std::shared_ptr<const llvm::Regex>> Patterns;
};

/// True if \p Name is a name as the catalog spells them: qualified, without
/// template arguments ('ns::function', 'ns::Class::member', '*::member',
/// 'operator()' as a last part).
bool isCatalogName(llvm::StringRef Name);

/// The configuration error for the malformed entry \p Entry of the option
/// \p Option (as written: 'coroguard-blocking-call.BlockingFunctions').
std::string malformedEntryMessage(llvm::StringRef Entry,
                                  llvm::StringRef Option);

/// Reads a check's options and reports bad values as configuration errors.
class CheckOptionReader {
public:
  // Owned, not a function_ref: readers are handed temporary lambdas.
  using Reporter = std::function<void(llvm::StringRef Message)>;

  CheckOptionReader(const ClangTidyCheck::OptionsView &Options,
                    llvm::StringRef CheckName, Reporter ReportError)
      : Options(Options), CheckName(CheckName),
        ReportError(std::move(ReportError)) {}

  /// A ';'-separated regex list; invalid patterns are reported and dropped.
  RegexList regexList(llvm::StringRef Name, llvm::StringRef Default = "",
                      bool LocalOrGlobal = false) const;
  /// A ';'-separated list of plain strings.
  std::vector<std::string> stringList(llvm::StringRef Name,
                                      llvm::StringRef Default = "",
                                      bool LocalOrGlobal = false) const;
  /// A ';'-separated list of catalog names (see isCatalogName); with \p
  /// AllowSuggestion, an entry may add '=suggestion'. Malformed entries are
  /// reported and dropped.
  std::vector<std::string> nameList(llvm::StringRef Name,
                                    bool AllowSuggestion = false) const;
  /// A boolean (true/false/1/0); anything else is reported and \p Default used.
  bool boolean(llvm::StringRef Name, bool Default) const;
  /// An integer in [Min, Max]; anything else is reported and \p Default used.
  unsigned integer(llvm::StringRef Name, unsigned Default, unsigned Min,
                   unsigned Max) const;

private:
  std::optional<llvm::StringRef> raw(llvm::StringRef Name,
                                     bool LocalOrGlobal) const;
  void invalid(llvm::StringRef Name, llvm::StringRef Value,
               llvm::StringRef Expected) const;

  const ClangTidyCheck::OptionsView &Options;
  llvm::StringRef CheckName;
  Reporter ReportError;
};

} // namespace clang::tidy::coroguard

#endif
