#include "runtime_test.hpp"

#include <cstdlib>

#include "coroguard/detail/testing.hpp"

namespace coroguard::test {

void clear_environment() {
  for (const char* variable : variables) {
    ::unsetenv(variable);
  }
}

void runtime_test::SetUp() {
  clear_environment();
  detail::testing::reset();
  set_report_sink([this](const report& r) { reports_.push_back(r); });
}

void runtime_test::TearDown() {
  detail::testing::reset();
  clear_environment();
}

void runtime_test::set_environment(const char* variable, const char* value) {
  ::setenv(variable, value, 1);
  // Keep the capturing sink: only the settings are re-read.
  report_sink sink = set_report_sink({});
  detail::testing::reset();
  set_report_sink(std::move(sink));
}

std::vector<std::string> runtime_test::printed() const {
  std::vector<std::string> texts;
  texts.reserve(reports_.size());
  for (const report& r : reports_) {
    texts.push_back(format_report(r));
  }
  return texts;
}

}  // namespace coroguard::test

void coroguard::PrintTo(const report& r, std::ostream* out) {
  *out << format_report(r);
  if (r.suppressed > 0) {
    *out << "(suppressed " << r.suppressed << ")";
  }
}
