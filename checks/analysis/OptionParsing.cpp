//===--- OptionParsing.cpp - validated check options ----------------------===//

#include "OptionParsing.h"
#include "clang-tidy/utils/OptionsUtils.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::coroguard {

bool RegexList::matches(llvm::StringRef Name) const {
  for (const auto &Pattern : Patterns)
    if (Pattern->match(Name))
      return true;
  return false;
}

std::optional<llvm::StringRef>
CheckOptionReader::raw(llvm::StringRef Name, bool LocalOrGlobal) const {
  return LocalOrGlobal ? Options.getLocalOrGlobal(Name) : Options.get(Name);
}

void CheckOptionReader::invalid(llvm::StringRef Name, llvm::StringRef Value,
                                llvm::StringRef Expected) const {
  ReportError(("invalid value '" + Value + "' for option '" + CheckName + "." +
               Name + "': " + Expected)
                  .str());
}

RegexList CheckOptionReader::regexList(llvm::StringRef Name,
                                       llvm::StringRef Default,
                                       bool LocalOrGlobal) const {
  RegexList List;
  List.Source = raw(Name, LocalOrGlobal).value_or(Default).str();
  for (llvm::StringRef Item : utils::options::parseStringList(List.Source)) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    // Anchor so that 'Task' does not match 'TaskGroup'; users write whole names.
    auto Pattern =
        std::make_unique<llvm::Regex>(("^(" + Item + ")$").str());
    std::string Error;
    if (!Pattern->isValid(Error)) {
      invalid(Name, Item, "not a valid regular expression (" + Error + ")");
      continue;
    }
    List.Patterns.push_back(std::shared_ptr<const llvm::Regex>(std::move(Pattern)));
  }
  return List;
}

std::vector<std::string>
CheckOptionReader::stringList(llvm::StringRef Name, llvm::StringRef Default,
                              bool LocalOrGlobal) const {
  std::vector<std::string> Items;
  for (llvm::StringRef Item : utils::options::parseStringList(
           raw(Name, LocalOrGlobal).value_or(Default))) {
    Item = Item.trim();
    if (!Item.empty())
      Items.push_back(Item.str());
  }
  return Items;
}

bool isCatalogName(llvm::StringRef Name) {
  Name.consume_front("::");
  if (Name.empty())
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  for (size_t I = 0; I < Parts.size(); ++I) {
    const llvm::StringRef Part = Parts[I];
    const bool Last = I + 1 == Parts.size();
    if (Part == "*" && I == 0 && !Last)
      continue;
    if (Last && Part.starts_with("operator") && Part.size() > 8 &&
        !Part.contains(' '))
      continue;
    const llvm::StringRef Identifier =
        Last ? Part.drop_while([](char C) { return C == '~'; }) : Part;
    if (Identifier.empty() || llvm::isDigit(Identifier.front()) ||
        !llvm::all_of(Identifier, [](char C) {
          return llvm::isAlnum(C) || C == '_';
        }))
      return false;
  }
  return true;
}

std::string malformedEntryMessage(llvm::StringRef Entry,
                                  llvm::StringRef Option) {
  return ("invalid entry '" + Entry + "' in option '" + Option +
          "': expected a qualified name without template arguments, such as "
          "'ns::function', 'ns::Class::member' or '*::member'")
      .str();
}

std::vector<std::string>
CheckOptionReader::nameList(llvm::StringRef Name, bool AllowSuggestion) const {
  std::vector<std::string> Items;
  for (const std::string &Item : stringList(Name)) {
    const llvm::StringRef Spelled =
        AllowSuggestion ? llvm::StringRef(Item).split('=').first.trim()
                        : llvm::StringRef(Item);
    if (isCatalogName(Spelled))
      Items.push_back(Item);
    else
      ReportError(malformedEntryMessage(Item, (CheckName + "." + Name).str()));
  }
  return Items;
}

bool CheckOptionReader::boolean(llvm::StringRef Name, bool Default) const {
  std::optional<llvm::StringRef> Value = raw(Name, false);
  if (!Value)
    return Default;
  const llvm::StringRef Text = Value->trim();
  if (Text.equals_insensitive("true") || Text == "1")
    return true;
  if (Text.equals_insensitive("false") || Text == "0")
    return false;
  invalid(Name, *Value, "expected 'true' or 'false'");
  return Default;
}

unsigned CheckOptionReader::integer(llvm::StringRef Name, unsigned Default,
                                    unsigned Min, unsigned Max) const {
  std::optional<llvm::StringRef> Value = raw(Name, false);
  if (!Value)
    return Default;
  unsigned Parsed = 0;
  if (!Value->trim().getAsInteger(10, Parsed) && Parsed >= Min && Parsed <= Max)
    return Parsed;
  invalid(Name, *Value,
          ("expected an integer from " + llvm::Twine(Min) + " to " +
           llvm::Twine(Max))
              .str());
  return Default;
}

} // namespace clang::tidy::coroguard
