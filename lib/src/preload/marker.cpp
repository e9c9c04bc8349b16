// libcoroguard_preload.so wraps the C library's blocking functions (see docs/runtime.md). Its
// presence tells the watchdog that interrupted sleeps and waits resume, so that it may capture
// the stack of a thread blocked in one.
extern "C" {
__attribute__((visibility("default"))) extern const char coroguard_blocking_call_interposer;
const char coroguard_blocking_call_interposer = 1;
}
