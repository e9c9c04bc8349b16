"""SARIF 2.1.0 logs for code scanning: one run, tool `coroguard`, one rule per enabled check.

Logs are deterministic (no timestamps, sorted results), so a cached run writes the same bytes
as a fresh one and merged shards equal a whole run.
"""
import json
import os
import re
import subprocess
import urllib.parse

from . import jsonfiles
from .errors import InputError
from .findings import relative_to

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "SRCROOT"
FINGERPRINT = "coroguardFinding/v1"


def _artifact(relative_path):
    if os.path.isabs(relative_path):
        return {"uri": "file://" + urllib.parse.quote(relative_path)}
    return {"uri": urllib.parse.quote(relative_path.replace(os.sep, "/")), "uriBaseId": ROOT_ID}


def _location(diagnostic, relative_path, sources):
    line = max(diagnostic.line, 1)
    region = {"startLine": line,
              "startColumn": sources.codepoint_column(diagnostic.path, line, diagnostic.column)}
    physical = {"artifactLocation": _artifact(relative_path), "region": region}
    text = sources.line_text(diagnostic.path, line)
    if text:
        region["snippet"] = {"text": text}
        first, last = max(line - 2, 1), line + 2
        context = [sources.line_text(diagnostic.path, n) for n in range(first, last + 1)]
        while len(context) > 1 and context[-1] == "" and first + len(context) - 1 > line:
            context.pop()
        physical["contextRegion"] = {"startLine": first, "endLine": first + len(context) - 1,
                                     "snippet": {"text": "\n".join(context) + "\n"}}
    return {"physicalLocation": physical}


def _rule(rule):
    return {"id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.short},
            "fullDescription": {"text": rule.full},
            "helpUri": rule.help_uri,
            "help": {"text": rule.help_text, "markdown": rule.help_text},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["coroutines"] if rule.id.startswith("coroguard-") else []}}


def _result_order(result):
    location = result["locations"][0]["physicalLocation"]
    region = location["region"]
    artifact = location["artifactLocation"]
    return (artifact.get("uriBaseId", ""), artifact["uri"], region["startLine"],
            region["startColumn"], result["ruleId"], result["message"]["text"])


def _finish(results, rules):
    """Sorts results, points them at their rules, numbers equal fingerprints in order."""
    results.sort(key=_result_order)
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    seen = {}
    for result in results:
        result["ruleIndex"] = index[result["ruleId"]]
        base = result["partialFingerprints"][FINGERPRINT].split(":")[0]
        seen[base] = seen.get(base, 0) + 1
        result["partialFingerprints"][FINGERPRINT] = "%s:%d" % (base, seen[base])
    return results


def version_control(source_root):
    """The repository and commit analysed, when the source root is a git work tree with a
    remote (credentials in the remote's URL are left out)."""
    def git(*arguments):
        try:
            result = subprocess.run(["git", "-C", source_root, *arguments],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    universal_newlines=True)
        except OSError:
            return ""
        return result.stdout.strip() if result.returncode == 0 else ""
    remote, revision = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    if not remote or not revision or os.path.realpath(git("rev-parse", "--show-toplevel")) \
            != os.path.realpath(source_root):
        return None
    parsed = urllib.parse.urlsplit(remote)
    if parsed.scheme in ("http", "https", "ssh", "git"):
        host = (parsed.hostname or "") + (":%d" % parsed.port if parsed.port else "")
        remote = urllib.parse.urlunsplit(parsed._replace(netloc=host))
    elif re.fullmatch(r"[^/@]+@[^:]+:.+", remote):  # scp-like git@host:owner/repo
        host, path = remote.split("@", 1)[1].split(":", 1)
        remote = "ssh://%s/%s" % (host, path)
    else:
        return None
    return [{"repositoryUri": remote, "revisionId": revision,
             "mappedTo": {"uriBaseId": ROOT_ID}}]


def build(toolchain, rules, found, failures, source_root, sources):
    """`found`: the findings to report (baselined ones already left out); `failures`:
    (relative path, clang's first error) of each TU that does not compile."""
    rule_objects = [_rule(rule) for rule in sorted(rules, key=lambda r: r.id)]
    known = {rule.id for rule in rules}
    results = []
    for finding in found:
        diagnostic = finding.diagnostic
        if diagnostic.check not in known:
            raise AssertionError("finding of a check without a rule: %s" % diagnostic.check)
        result = {"ruleId": diagnostic.check,
                  "level": "error" if diagnostic.level == "error" else "warning",
                  "message": {"text": diagnostic.message},
                  "locations": [_location(diagnostic, finding.relative_path, sources)],
                  "partialFingerprints": {FINGERPRINT: finding.fingerprint}}
        related = []
        for number, note in enumerate(diagnostic.notes, 1):
            if not note.path:
                continue
            location = _location(note, relative_to(note.path, source_root), sources)
            location["id"] = number
            location["message"] = {"text": note.message}
            related.append(location)
        if related:
            result["relatedLocations"] = related
        if finding.state is not None:
            result["baselineState"] = finding.state
        results.append(result)
    notifications = [{"level": "error",
                      "message": {"text": "%s does not compile: %s" % (path, error)},
                      "locations": [{"physicalLocation": {"artifactLocation": _artifact(path)}}]}
                     for path, error in failures]
    invocation = {"executionSuccessful": not failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver = {"name": "coroguard", "version": toolchain.version,
              "semanticVersion": toolchain.version, "rules": rule_objects}
    if toolchain.homepage:
        driver["informationUri"] = toolchain.homepage
    run = {"tool": {"driver": driver},
           "originalUriBaseIds": {ROOT_ID: {"uri": _directory_uri(source_root)}},
           "columnKind": "unicodeCodePoints",
           "invocations": [invocation],
           "results": _finish(results, rule_objects)}
    provenance = version_control(source_root)
    if provenance:
        run["versionControlProvenance"] = provenance
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _directory_uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path).rstrip("/") + "/")


def write(path, log):
    jsonfiles.write(path, log)


def _read_run(path):
    log = jsonfiles.read(path)
    runs = log.get("runs") if isinstance(log, dict) else None
    if not isinstance(runs, list) or log.get("version") != "2.1.0" or len(runs) != 1:
        raise InputError("%s is not a SARIF 2.1.0 log with one run" % path)
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {}) if isinstance(run, dict) else {}
    if driver.get("name") != "coroguard":
        raise InputError("%s was not written by coroguard (tool '%s')"
                         % (path, driver.get("name")))
    return run


def merge(paths):
    """One log from the shards' logs: rules united, each result once, notifications kept."""
    runs = [(path, _read_run(path)) for path in paths]
    first_path, first = runs[0]
    version = first["tool"]["driver"].get("version")
    rules, results, seen, notifications, successful = {}, [], set(), [], True
    for path, run in runs:
        if run["tool"]["driver"].get("version") != version:
            raise InputError("%s comes from coroguard %s but %s from %s; merge logs of one "
                             "version" % (path, run["tool"]["driver"].get("version"),
                                          first_path, version))
        for rule in run["tool"]["driver"].get("rules", []):
            rules.setdefault(rule["id"], rule)
        for result in run.get("results", []):
            key = json.dumps(dict(result, ruleIndex=None, partialFingerprints={
                name: value.split(":")[0]
                for name, value in result.get("partialFingerprints", {}).items()}),
                sort_keys=True)
            if key not in seen:
                seen.add(key)
                results.append(result)
        for invocation in run.get("invocations", []):
            successful = successful and invocation.get("executionSuccessful", True)
            for notification in invocation.get("toolExecutionNotifications", []):
                if notification not in notifications:
                    notifications.append(notification)
    rule_objects = [rules[name] for name in sorted(rules)]
    invocation = {"executionSuccessful": successful}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    merged = dict(first)
    merged["tool"] = {"driver": dict(first["tool"]["driver"], rules=rule_objects)}
    merged["invocations"] = [invocation]
    merged["results"] = _finish(results, rule_objects)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [merged]}
