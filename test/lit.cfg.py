# lit configuration for coroguard's check (checks/), tool (tools/) and main-job (examples/) tests.
import os
import lit.formats

config.name = "coroguard"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "runtime", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.coroguard_build_dir, "test")

# FileCheck, not, count live here unsuffixed.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["COROGUARD_BUILD_DIR"] = config.coroguard_build_dir

tools = os.path.join(config.coroguard_source_dir, "tools")
python = "python3"
config.substitutions.append(("%coroguard_source_dir", config.coroguard_source_dir))
config.substitutions.append(("%coroguard_build_dir", config.coroguard_build_dir))
config.substitutions.append(("%coroguard-tidy", os.path.join(tools, "coroguard-tidy")))
config.substitutions.append(
    ("%check_coroguard_tidy",
     "%s %s --coroguard-tidy=%s" % (python,
                                    os.path.join(config.test_source_root, "check_coroguard_tidy.py"),
                                    os.path.join(tools, "coroguard-tidy"))))
# Debian's Asio 1.22 does not detect clang's coroutine support by itself.
config.substitutions.append(
    ("%asio_flags", "-DASIO_HAS_CO_AWAIT=1 -DASIO_HAS_STD_COROUTINE=1"))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "checks", "Inputs")))
