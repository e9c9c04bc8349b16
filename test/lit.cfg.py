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
# The catalog tables the docs-sync tests read (test/catalog_rows.py).
config.substitutions.append(
    ("%catalog", os.path.join(config.coroguard_source_dir, "checks", "catalog")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "checks", "Inputs")))

# run-coroguard, coroguard-clangd, the pre-commit hooks and their helpers (test/tools).
tool_tests = os.path.join(config.test_source_root, "tools")
config.substitutions.append(("%run-coroguard", os.path.join(tools, "run-coroguard")))
config.substitutions.append(("%coroguard-clangd", os.path.join(tools, "coroguard-clangd")))
config.substitutions.append(("%coroguard-pre-commit", os.path.join(tools, "coroguard-pre-commit")))
config.substitutions.append(
    ("%make_project", "%s %s --inputs %s" % (python, os.path.join(tool_tests, "make_project.py"),
                                             os.path.join(config.test_source_root, "checks",
                                                          "Inputs"))))
config.substitutions.append(
    ("%sarif_check",
     "%s %s --multitool %s" % (python, os.path.join(tool_tests, "sarif_check.py"),
                               os.path.join(tools, "npm", "node_modules", "@microsoft",
                                            "sarif-multitool-linux", "Sarif.Multitool"))))
config.substitutions.append(("%lsp_check", "%s %s" % (python, os.path.join(tool_tests, "lsp_check.py"))))
config.substitutions.append(("%edit", "%s %s" % (python, os.path.join(tool_tests, "edit.py"))))
config.substitutions.append(("%exits", "%s %s" % (python, os.path.join(tool_tests, "exits.py"))))
config.substitutions.append(("%python", python))
