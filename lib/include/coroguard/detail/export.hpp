#pragma once

// The runtime is a shared library built with hidden visibility; this marks its interface.
#define COROGUARD_API __attribute__((visibility("default")))
