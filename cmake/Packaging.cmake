# `cpack -G DEB` in the build directory: one .deb with everything `cmake --install` installs.
# Its dependencies come from the binaries (dpkg-shlibdeps) plus the tools run-coroguard and
# coroguard-tidy drive.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME coroguard)
set(CPACK_PACKAGE_VENDOR "coroguard")
set(CPACK_PACKAGE_CONTACT "coroguard developers <coroguard@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "asyncio's debug mode for C++20 coroutines: clang-tidy checks, clangd, runtime debug mode")
set(CPACK_PACKAGE_DESCRIPTION
  "clang-tidy plugin and drop-in clang-tidy (coroguard-tidy), run-coroguard for CI (SARIF, baselines, shards, cache), coroguard-clangd for editors, pre-commit hooks, and the runtime library.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-tidy-22, clang-22, python3, git")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pre-commit")
include(CPack)
