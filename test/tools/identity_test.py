#!/usr/bin/env python3
"""Unit tests of the enclosing-function scan behind baseline and SARIF identities: each case
names the function a finding at the marked place belongs to."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from coroguard_runner.identity import FunctionIndex, fingerprint  # noqa: E402


def enclosing(source, marker="@"):
    """The function enclosing the marker (which is removed from the source)."""
    offset = source.index(marker)
    return FunctionIndex(source.replace(marker, "", 1)).enclosing(offset)


class EnclosingFunction(unittest.TestCase):
    def test_namespaces_and_classes_qualify(self):
        self.assertEqual(enclosing("namespace a::b { namespace { struct S { void f() { @x(); } }; } }"),
                         "a::b::(anonymous)::S::f")

    def test_out_of_line_member(self):
        self.assertEqual(enclosing("namespace n { task<int> Session::run(int x) { @go(); } }"),
                         "n::Session::run")

    def test_lambdas_belong_to_their_function(self):
        self.assertEqual(enclosing("void f() { auto l = [&](int) { @g(); }; }"), "f")
        self.assertEqual(enclosing("void f() { co_spawn(ex, [&]() -> task<void> { @g(); }, detached); }"), "f")
        self.assertEqual(enclosing("void f() { return [] { @g(); }(); }"), "f")

    def test_constructor_with_braced_member_initializers(self):
        self.assertEqual(enclosing("struct S { S(int x) : m{x}, n(2), o{3} { @use(); } int m, n, o; };"),
                         "S::S")

    def test_operators(self):
        self.assertEqual(enclosing("struct A { auto operator co_await() { @x(); } };"), "A::operator co_await")
        self.assertEqual(enclosing("struct A { int operator()(int) const { @x(); } };"), "A::operator()")
        self.assertEqual(enclosing("A &A::operator<<=(int) { @x(); }"), "A::operator<<=")

    def test_templates_and_trailing_return(self):
        self.assertEqual(enclosing("template <typename T, int N = sizeof(T)> decltype(auto) g(T t) noexcept(true) { @x(); }"), "g")
        self.assertEqual(enclosing("auto h() -> lazy::task<int> { @x(); }"), "h")
        self.assertEqual(enclosing("template <> task<void> promise<void>::get() { @x(); }"), "promise::get")

    def test_control_blocks_are_not_functions(self):
        self.assertEqual(enclosing("void f() { if (a) { for (;;) { while (b) { @x(); } } } }"), "f")
        self.assertEqual(enclosing("void f() { switch (a) { case 1: { @x(); } } }"), "f")
        self.assertEqual(enclosing("void f() { try { @x(); } catch (...) { } }"), "f")

    def test_literals_comments_and_directives_do_not_count(self):
        source = '''void f() {
  const char *s = "}{";
  const char *r = R"x(})x";
  char c = '}';
  int big = 1'000'000;
  // }
  /* } */
#define BRACE }
  @x();
}'''
        self.assertEqual(enclosing(source), "f")

    def test_outside_any_function(self):
        self.assertEqual(enclosing("int x = @f();"), "")
        self.assertEqual(enclosing("struct S { int m{@0}; };"), "")

    def test_macro_defined_functions(self):
        self.assertEqual(enclosing("TEST(Suite, Name) { @x(); }"), "TEST")


class Fingerprint(unittest.TestCase):
    def test_whitespace_and_line_number_do_not_count(self):
        self.assertEqual(fingerprint("c", "a.cpp", "f", "  fetch( x );"),
                         fingerprint("c", "a.cpp", "f", "fetch( x );\t"))

    def test_each_part_counts(self):
        base = fingerprint("c", "a.cpp", "f", "fetch();")
        for other in (fingerprint("d", "a.cpp", "f", "fetch();"),
                      fingerprint("c", "b.cpp", "f", "fetch();"),
                      fingerprint("c", "a.cpp", "g", "fetch();"),
                      fingerprint("c", "a.cpp", "f", "fetch(1);")):
            self.assertNotEqual(base, other)


if __name__ == "__main__":
    unittest.main()
