// RUN: sed -n -e '/LoopAffinity\[\] = {/,/^};/s/^ *[a-zA-Z]*("\([^"]*\)".*/CHECK-DAG: `\1`/p' \
// RUN:   %coroguard_source_dir/checks/analysis/Catalog.cpp > %t.names
// RUN: sed -n -e '/Builtins\[\] = {/,/^};/s/^ *entry("\([^"]*\)", \(ThreadStart\|Offload\)).*/CHECK-DAG: `\1`/p' \
// RUN:   %coroguard_source_dir/checks/analysis/Catalog.cpp >> %t.names
// RUN: grep -q 'CHECK-DAG: `std::thread`' %t.names
// RUN: FileCheck %t.names --input-file=%coroguard_source_dir/docs/checks/cross-thread-call.md

// docs/checks/cross-thread-call.md lists every entry of the loop-affinity section of the
// catalog, and the thread starts and offloads it shares with coroguard-blocking-call (an
// empty extract fails too: FileCheck wants at least one check).
