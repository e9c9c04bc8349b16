// RUN: sed -n -e '/Builtins\[\] = {/,/^};/s/^ *[a-zA-Z]*("\([^"]*\)".*/CHECK-DAG: `\1`/p' \
// RUN:   %coroguard_source_dir/checks/analysis/Catalog.cpp > %t.names
// RUN: FileCheck %t.names --input-file=%coroguard_source_dir/docs/checks/blocking-call.md

// docs/checks/blocking-call.md lists every entry of the built-in catalog, once per
// kind (an empty extract fails too: FileCheck wants at least one check).
