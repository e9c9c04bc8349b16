// The shape of Catch2's throw assertions (Catch2 is not packaged here): the expression
// is evaluated in a try block, cast to void.
#pragma once
#pragma clang system_header

#define INTERNAL_CATCH_THROWS(macroName, ...)                                    \
  do {                                                                           \
    try {                                                                        \
      static_cast<void>(__VA_ARGS__);                                            \
    } catch (...) {                                                              \
    }                                                                            \
  } while (false)
#define INTERNAL_CATCH_THROWS_AS(macroName, exceptionType, expr)                 \
  do {                                                                           \
    try {                                                                        \
      static_cast<void>(expr);                                                   \
    } catch (exceptionType const &) {                                            \
    } catch (...) {                                                              \
    }                                                                            \
  } while (false)

#define REQUIRE_THROWS(...) INTERNAL_CATCH_THROWS("REQUIRE_THROWS", __VA_ARGS__)
#define CHECK_THROWS(...) INTERNAL_CATCH_THROWS("CHECK_THROWS", __VA_ARGS__)
#define REQUIRE_THROWS_AS(expr, exceptionType)                                   \
  INTERNAL_CATCH_THROWS_AS("REQUIRE_THROWS_AS", exceptionType, expr)
