"""Where clang-tidy and the plugin are, and what they are (versions and build ids)."""
import hashlib
import os
import subprocess

from . import elf
from .errors import InputError

CLANG_TIDY = "/usr/lib/llvm-22/bin/clang-tidy"
# The preprocessor of the same LLVM as clang-tidy: the cache key is the TU as clang-tidy sees it.
CLANG = "/usr/lib/llvm-22/bin/clang"


class Toolchain:
    """clang-tidy with the coroguard plugin. The plugin is found and vetted by coroguard-tidy
    (the one place that knows where plugins live and which LLVM they must be built for)."""

    def __init__(self, plugin):
        self.clang_tidy = CLANG_TIDY
        self.clang = CLANG
        self.plugin = plugin
        self.plugin_build_id, info = _identify(plugin, ".coroguard.info")
        info = info.rstrip(b"\0").decode(errors="replace")
        fields = dict(line.split("=", 1) for line in info.splitlines() if "=" in line)
        self.version = fields.get("version", "0.0.0")
        self.homepage = fields.get("homepage", "")
        self.clang_tidy_build_id, _ = _identify(self.clang_tidy, "")

    def tidy_command(self, *args):
        return [self.clang_tidy, "--load=" + self.plugin, *args]


def _identify(path, section):
    build_id, content = elf.read(path, section)
    if build_id is None:
        with open(path, "rb") as f:
            build_id = "sha256:" + hashlib.sha256(f.read()).hexdigest()
    return build_id, content


def locate(tools_dir):
    """Asks coroguard-tidy (next to run-coroguard, in tools/ or an installation's bin/) which
    plugin it loads; its one-line complaint about a missing or foreign plugin becomes ours."""
    coroguard_tidy = os.path.join(tools_dir, "coroguard-tidy")
    if not os.access(coroguard_tidy, os.X_OK):
        raise InputError("coroguard-tidy not found next to run-coroguard (looked for %s)"
                         % coroguard_tidy)
    result = subprocess.run([coroguard_tidy, "--print-plugin-path"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["coroguard-tidy failed"]
        message = lines[0]
        if message.startswith("coroguard-tidy: "):
            message = message[len("coroguard-tidy: "):]
        raise InputError(message)
    return Toolchain(result.stdout.strip())
