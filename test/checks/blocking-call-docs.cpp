// RUN: %python %coroguard_source_dir/test/catalog_rows.py \
// RUN:   %catalog/BlockingFunctions.def \
// RUN:   %catalog/Callables.def:CALLABLE:1=ThreadStart \
// RUN:   %catalog/Callables.def:CALLABLE:1=Offload \
// RUN:   %catalog/Callables.def:CALLABLE:1=RunsToCompletion \
// RUN:   %catalog/Callables.def:CALLABLE:1=KeepsCallable \
// RUN:   %catalog/Executors.def:EXECUTOR \
// RUN:   %catalog/Names.def:NAME:0=ProcessEnders > %t.names
// RUN: FileCheck %t.names --input-file=%coroguard_source_dir/docs/checks/blocking-call.md

// docs/checks/blocking-call.md lists every row of the blocking-function table, the
// callables and executors tables (but the sinks of coroguard-forgotten-await), once
// per kind. catalog_rows.py fails on a selection without rows, so an empty extract
// fails too.
