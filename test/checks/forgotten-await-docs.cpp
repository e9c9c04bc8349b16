// RUN: %python %coroguard_source_dir/test/catalog_rows.py \
// RUN:   %catalog/Callables.def:CALLABLE:1=DiscardsResult \
// RUN:   %catalog/Names.def:NAME:0=ThrowAssertionMacros \
// RUN:   %catalog/Names.def:NAME:0=ThrowAssertionMacroPrefixes \
// RUN:   %catalog/Names.def:NAME:0=ThrowAssertionFunctionPrefixes \
// RUN:   %catalog/Names.def:NAME:0=ThrowAssertionFunctionWords > %t.names
// RUN: FileCheck %t.names --input-file=%coroguard_source_dir/docs/checks/forgotten-await.md

// docs/checks/forgotten-await.md lists every callable sink (the DiscardsResult rows of
// the callables table) and every name that marks a throw assertion. catalog_rows.py
// fails on a selection without rows, so an empty extract fails too.
