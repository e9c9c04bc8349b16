#!/usr/bin/env python3
"""Drives coroguard-clangd over LSP the way an editor does and reports its coroguard
diagnostics; optionally checks that they are the findings run-coroguard printed.

usage: lsp_check.py --clangd PATH --compile-commands-dir DIR [--expect RUN_COROGUARD_OUTPUT]
                    FILE...

For each FILE: initialize (once), didOpen, wait for its publishDiagnostics. Prints per
coroguard diagnostic
    FILE code L:C-L:C message
      note FILE L:C message          (relatedInformation)
      fix L:C-L:C 'new text'         (inline code action)
with 1-based lines and columns, files relative to the current directory. With --expect, each
FILE's diagnostics must be exactly run-coroguard's findings in that file: same check, place,
message, notes and fix-it.
"""
import argparse
import json
import os
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from coroguard_runner import diagnostics  # noqa: E402 (found through the path above)


class Server:
    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.stdout = self.process.stdout.fileno()
        self.buffer = b""
        self.next_id = 1

    def send(self, method, params, request=False):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            message["id"] = self.next_id
            self.next_id += 1
        data = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()
        return message.get("id")

    def _fill(self, deadline):
        if not select.select([self.stdout], [], [], max(deadline - time.time(), 0))[0]:
            sys.exit("lsp_check: no answer from clangd in time")
        chunk = os.read(self.stdout, 1 << 16)
        if not chunk:
            sys.exit("lsp_check: clangd exited")
        self.buffer += chunk

    def receive(self, deadline):
        while b"\r\n\r\n" not in self.buffer:
            self._fill(deadline)
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        headers = dict(line.decode().lower().split(":", 1) for line in head.split(b"\r\n"))
        length = int(headers["content-length"])
        while len(self.buffer) < length:
            self._fill(deadline)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    def wait_for(self, predicate, deadline):
        while True:
            message = self.receive(deadline)
            if message.get("method") == "window/workDoneProgress/create" and "id" in message:
                self.reply(message["id"])
            if predicate(message):
                return message

    def reply(self, request_id):
        data = json.dumps({"jsonrpc": "2.0", "id": request_id, "result": None}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()


def uri(path):
    return "file://" + os.path.abspath(path)


def display(file_uri):
    return os.path.relpath(file_uri[len("file://"):])


def where(range_):
    start, end = range_["start"], range_["end"]
    return "%d:%d-%d:%d" % (start["line"] + 1, start["character"] + 1, end["line"] + 1,
                            end["character"] + 1)


def published(server, path, timeout):
    deadline = time.time() + timeout
    with open(path) as f:
        text = f.read()
    server.send("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "cpp", "version": 1, "text": text}})
    message = server.wait_for(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri(path), deadline)
    return [d for d in message["params"]["diagnostics"]
            if str(d.get("code", "")).startswith("coroguard-")]


def fixes(diagnostic):
    found = []
    for action in diagnostic.get("codeActions", []):
        for edits in action.get("edit", {}).get("changes", {}).values():
            found += [(edit["range"], edit["newText"]) for edit in edits]
    return found


def clangd_message(diagnostic):
    """clangd capitalizes messages and marks fixable ones; undo both to compare."""
    message = diagnostic["message"]
    if message.endswith(" (fix available)"):
        message = message[:-len(" (fix available)")]
    return message


def expected_fix(finding):
    """The fix-it clang prints under the caret line: (column, text), or None."""
    if len(finding.snippet) < 3:
        return None
    line = finding.snippet[2].split("|", 1)[1][1:]
    text = line.lstrip(" ")
    return len(line) - len(text) + 1, text.rstrip()


def compare(path, got, expected):
    problems = []
    expected = sorted(expected, key=lambda d: (d.line, d.column, d.check))
    got = sorted(got, key=lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"],
                                     d["code"]))
    if len(got) != len(expected):
        return ["%s: clangd shows %d coroguard diagnostics, run-coroguard %d"
                % (path, len(got), len(expected))]
    for diagnostic, finding in zip(got, expected):
        start = diagnostic["range"]["start"]
        place = "%s:%d:%d" % (path, finding.line, finding.column)
        if (diagnostic["code"], start["line"] + 1, start["character"] + 1) != \
                (finding.check, finding.line, finding.column):
            problems.append("%s: clangd has %s at %d:%d" % (place, diagnostic["code"],
                                                            start["line"] + 1,
                                                            start["character"] + 1))
            continue
        message = clangd_message(diagnostic)
        if message[:1].lower() + message[1:] != finding.message:
            problems.append("%s: message %r, run-coroguard %r" % (place, message, finding.message))
        notes = [(os.path.abspath(r["location"]["uri"][len("file://"):]),
                  r["location"]["range"]["start"]["line"] + 1,
                  r["location"]["range"]["start"]["character"] + 1, r["message"])
                 for r in diagnostic.get("relatedInformation", [])]
        wanted = [(os.path.abspath(n.path), n.line, n.column, n.message) for n in finding.notes]
        if notes != wanted:
            problems.append("%s: notes %s, run-coroguard %s" % (place, notes, wanted))
        fix = expected_fix(finding)
        edits = fixes(diagnostic)
        shown = [(e["start"]["character"] + 1, text.rstrip()) for e, text in edits
                 if e["start"]["line"] + 1 == finding.line]
        if (fix is None and edits) or (fix is not None and shown != [fix]):
            problems.append("%s: fix-its %s, run-coroguard %s" % (place, edits, fix))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--compile-commands-dir", required=True)
    parser.add_argument("--expect")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    server = Server([args.clangd, "--compile-commands-dir=" + args.compile_commands_dir,
                     "--background-index=false", "--log=error"])
    capabilities = {"textDocument": {"publishDiagnostics": {"relatedInformation": True,
                                                            "codeActionsInline": True}}}
    request = server.send("initialize", {"processId": os.getpid(), "rootUri": uri(os.getcwd()),
                                         "capabilities": capabilities}, request=True)
    server.wait_for(lambda m: m.get("id") == request, time.time() + args.timeout)
    server.send("initialized", {})

    expected = []
    if args.expect:
        with open(args.expect) as f:
            expected = diagnostics.parse(f.read())
    problems = []
    for path in args.files:
        got = published(server, path, args.timeout)
        for diagnostic in sorted(got, key=lambda d: (d["range"]["start"]["line"],
                                                     d["range"]["start"]["character"])):
            print("%s %s %s %s" % (os.path.relpath(path), diagnostic["code"],
                                   where(diagnostic["range"]), clangd_message(diagnostic)))
            for related in diagnostic.get("relatedInformation", []):
                print("  note %s %s %s" % (display(related["location"]["uri"]),
                                           where(related["location"]["range"]).split("-")[0],
                                           related["message"]))
            for range_, text in fixes(diagnostic):
                print("  fix %s %r" % (where(range_), text))
        if args.expect:
            mine = [d for d in expected
                    if d.path and os.path.abspath(d.path) == os.path.abspath(path)]
            problems += compare(os.path.relpath(path), got, mine)

    request = server.send("shutdown", None, request=True)
    server.wait_for(lambda m: m.get("id") == request, time.time() + 30)
    server.send("exit", None)
    server.process.wait(timeout=30)
    if problems:
        sys.exit("lsp_check: clangd and run-coroguard disagree:\n" + "\n".join(problems))


if __name__ == "__main__":
    main()
