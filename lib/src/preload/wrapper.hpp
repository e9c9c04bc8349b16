#pragma once

// The definitions that stand in for the C library's: exported, while the rest of the interposer
// is hidden.
#define COROGUARD_WRAPPER extern "C" __attribute__((visibility("default")))
