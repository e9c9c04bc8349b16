#!/usr/bin/env python3
"""Checks run-coroguard's SARIF logs for the tests.

usage: sarif_check.py --multitool PATH validate FILE...
         Microsoft's validator (SARIF rules and GitHub code scanning's, --rule-kind "Sarif;Gh")
         must report no error and no warning.
       sarif_check.py contract FILE [--docs DIR]
         what issue 12 promises of every log: one run, tool coroguard with a version, a rule
         per enabled check with help and a help URI to its docs page, results with ruleId,
         level, message.text, a relative physical location under a declared uriBaseId,
         partialFingerprints, notes as relatedLocations.
       sarif_check.py list FILE
         one line per result (rule, place, level, baseline state, then each related location),
         and per tool notification, for FileCheck.
       sarif_check.py fingerprints FILE
         "uri ruleId message fingerprint" per result, sorted.
       sarif_check.py same-results A B
         A and B hold the same rules, results and notifications.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def fail(message):
    sys.exit("sarif_check: " + message)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(multitool, paths):
    if not os.access(multitool, os.X_OK):
        fail("the SARIF validator is missing at %s; run tools/setup (it installs "
             "@microsoft/sarif-multitool with npm ci)" % multitool)
    problems = []
    for path in paths:
        with tempfile.TemporaryDirectory() as scratch:
            output = os.path.join(scratch, "validation.sarif")
            run = subprocess.run([multitool, "validate", path, "-o", output, "--rule-kind",
                                  "Sarif;Gh", "--level", "Error;Warning;Note"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 universal_newlines=True)
            if run.returncode != 0 or not os.path.exists(output):
                fail("the validator failed on %s:\n%s" % (path, run.stdout))
            for result in load(output)["runs"][0].get("results", []):
                level = result.get("level", "warning")
                if level in ("error", "warning"):
                    rule = result.get("ruleId")
                    text = [l for l in run.stdout.splitlines() if rule in l]
                    problems.append("%s: %s %s: %s" % (path, level, rule,
                                                       text[0] if text else result["message"]))
    if problems:
        fail("the validator found problems:\n" + "\n".join(problems))
    print("valid: %d SARIF log%s, no errors or warnings" % (len(paths), "" if len(paths) == 1 else "s"))


def check_location(where, location, base_ids):
    physical = location.get("physicalLocation") or fail("%s: no physicalLocation" % where)
    artifact = physical["artifactLocation"]
    if artifact.get("uriBaseId") not in base_ids:
        fail("%s: uri %s has no declared uriBaseId" % (where, artifact.get("uri")))
    if artifact["uri"].startswith(("/", "file:")):
        fail("%s: uri %s is not relative" % (where, artifact["uri"]))
    region = physical.get("region", {})
    if not (region.get("startLine", 0) >= 1 and region.get("startColumn", 0) >= 1):
        fail("%s: region without startLine/startColumn" % where)


def contract(path, docs):
    log = load(path)
    if log.get("version") != "2.1.0" or "$schema" not in log:
        fail("not a SARIF 2.1.0 log with $schema")
    if len(log.get("runs", [])) != 1:
        fail("expected exactly one run, got %d" % len(log.get("runs", [])))
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    if driver.get("name") != "coroguard" or not driver.get("version"):
        fail("tool.driver must be coroguard with a version, got %r %r"
             % (driver.get("name"), driver.get("version")))
    rules = {rule["id"]: rule for rule in driver.get("rules", [])}
    for rule_id, rule in rules.items():
        for field in ("shortDescription", "fullDescription", "help"):
            if not rule.get(field, {}).get("text"):
                fail("rule %s has no %s text" % (rule_id, field))
        if rule_id.startswith("coroguard-"):
            page = rule_id[len("coroguard-"):] + ".md"
            if not rule.get("helpUri", "").endswith("/docs/checks/" + page):
                fail("rule %s: helpUri %r is not its docs page" % (rule_id, rule.get("helpUri")))
            if docs:
                with open(os.path.join(docs, page), encoding="utf-8") as f:
                    if rule["help"].get("markdown") != f.read():
                        fail("rule %s: help is not the text of docs/checks/%s" % (rule_id, page))
    base_ids = set(run.get("originalUriBaseIds", {}))
    for number, result in enumerate(run.get("results", [])):
        where = "results[%d]" % number
        if result.get("ruleId") not in rules:
            fail("%s: ruleId %r has no rule" % (where, result.get("ruleId")))
        if driver["rules"][result["ruleIndex"]]["id"] != result["ruleId"]:
            fail("%s: ruleIndex does not point at its rule" % where)
        if result.get("level") not in ("warning", "error") or not result["message"].get("text"):
            fail("%s: no level or message.text" % where)
        check_location(where, result["locations"][0], base_ids)
        for related in result.get("relatedLocations", []):
            check_location(where + ".relatedLocations", related, base_ids)
            if not related.get("message", {}).get("text"):
                fail("%s: a related location without its note's text" % where)
        if not result.get("partialFingerprints"):
            fail("%s: no partialFingerprints" % where)
    print("contract: %d rules, %d results" % (len(rules), len(run.get("results", []))))


def place(location):
    physical = location["physicalLocation"]
    region = physical.get("region", {})
    return "%s:%s:%s" % (physical["artifactLocation"]["uri"], region.get("startLine", ""),
                         region.get("startColumn", ""))


def listing(path):
    run = load(path)["runs"][0]
    for result in run["results"]:
        print("%s %s %s %s" % (result["ruleId"], place(result["locations"][0]), result["level"],
                               result.get("baselineState", "-")))
        for related in result.get("relatedLocations", []):
            print("  note %s %s" % (place(related), related["message"]["text"]))
    for invocation in run.get("invocations", []):
        print("executionSuccessful %s" % str(invocation["executionSuccessful"]).lower())
        for notification in invocation.get("toolExecutionNotifications", []):
            print("notification %s %s" % (notification["level"], notification["message"]["text"]))


def fingerprints(path):
    lines = []
    for result in load(path)["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for value in result["partialFingerprints"].values():
            lines.append("%s %s %s" % (uri, result["ruleId"], value))
    print("\n".join(sorted(lines)))


def same_results(first, second):
    a, b = load(first)["runs"][0], load(second)["runs"][0]
    for field in ("results", "invocations"):
        if a.get(field) != b.get(field):
            fail("%s differ between %s and %s" % (field, first, second))
    if a["tool"]["driver"]["rules"] != b["tool"]["driver"]["rules"]:
        fail("rules differ between %s and %s" % (first, second))
    print("same: %d results" % len(a["results"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--multitool")
    parser.add_argument("command", choices=["validate", "contract", "list", "fingerprints",
                                            "same-results"])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--docs")
    args = parser.parse_args()
    if args.command == "validate":
        validate(args.multitool, args.files)
    elif args.command == "contract":
        contract(args.files[0], args.docs)
    elif args.command == "list":
        listing(args.files[0])
    elif args.command == "fingerprints":
        fingerprints(args.files[0])
    else:
        same_results(*args.files)


if __name__ == "__main__":
    main()
