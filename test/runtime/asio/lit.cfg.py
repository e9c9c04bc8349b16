# lit configuration for the runtime's end-to-end tests: small Asio programs, each built against
# standalone Asio and Boost.Asio with `coroguard-config --cflags/--libs` (the program's source is
# not changed), run under tools/coroguard-run, their reports checked with FileCheck.
import os
import subprocess

import lit.formats

config.name = "coroguard-runtime-asio"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coroguard_build_dir, "test", "runtime", "asio")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["COROGUARD_BUILD_DIR"] = config.coroguard_build_dir
# Reports depend on these; a test sets what it needs.
for variable in ["COROGUARD_DEBUG", "COROGUARD_STRICT", "COROGUARD_TRACEBACK",
                 "COROGUARD_SLOW_CALLBACK_MS", "COROGUARD_STALL_MS", "COROGUARD_ALLOW_BLOCKING",
                 "LD_PRELOAD"]:
    config.environment.pop(variable, None)

tools = os.path.join(config.coroguard_source_dir, "tools")


def coroguard_config(option):
    return subprocess.check_output(
        [os.path.join(tools, "coroguard-config"), option],
        env={**os.environ, "COROGUARD_BUILD_DIR": config.coroguard_build_dir},
        text=True).strip()


# The flags are quoted for the shell lit runs the commands with.
cflags = " ".join("'%s'" % flag for flag in coroguard_config("--cflags").split())
libs = coroguard_config("--libs")
common = "%s -std=c++20 -g -O1 -pthread %s -I%s" % (
    config.cxx, config.extra_cxx_flags, os.path.join(config.test_source_root, "Inputs"))
# Debian's Asio 1.22 does not detect clang's coroutine support by itself; Boost 1.81 does.
standalone = "%s -DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1" % common
boost = "%s -DCOROGUARD_TEST_BOOST" % common

config.substitutions.append(("%build-standalone", "%s %s %%s %s" % (standalone, cflags, libs)))
config.substitutions.append(("%build-boost", "%s %s %%s %s" % (boost, cflags, libs)))
# The same programs without coroguard: what a plain build does.
config.substitutions.append(("%build-plain-standalone", "%s %%s" % standalone))
config.substitutions.append(("%build-plain-boost", "%s %%s" % boost))
config.substitutions.append(("%coroguard-run", os.path.join(tools, "coroguard-run")))
config.substitutions.append(("%coroguard_libdir", coroguard_config("--libdir")))
# The interposer preloaded by hand (as coroguard-run does, but without debug mode); a sanitizer
# build's interposer needs the sanitizer runtime first.
preload = os.path.join(coroguard_config("--libdir"), "libcoroguard_preload.so")
if "-fsanitize=address" in config.extra_cxx_flags:
    asan_runtime = subprocess.check_output(
        [config.cxx, "-print-file-name=libclang_rt.asan-x86_64.so"], text=True).strip()
    preload = asan_runtime + ":" + preload
config.substitutions.append(("%with-interposer", "env LD_PRELOAD=" + preload))
