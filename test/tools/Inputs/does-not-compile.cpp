// A translation unit that does not compile.
int main() {
  return undeclared;
}
