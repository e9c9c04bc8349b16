// RUN: %python %coroguard_source_dir/test/catalog_rows.py \
// RUN:   %catalog/LoopAffinity.def \
// RUN:   %catalog/Callables.def:CALLABLE:1=ThreadStart \
// RUN:   %catalog/Callables.def:CALLABLE:1=Offload > %t.names
// RUN: FileCheck %t.names --input-file=%coroguard_source_dir/docs/checks/cross-thread-call.md

// docs/checks/cross-thread-call.md lists every row of the loop-affinity table, and the
// thread starts and offloads it shares with coroguard-blocking-call. catalog_rows.py
// fails on a selection without rows, so an empty extract fails too.
