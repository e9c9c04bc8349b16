"""What reports say about each check: descriptions and help, from coroguard's docs pages for
its own checks, links to LLVM's documentation for clang-tidy's and clang's."""
import os
import re


class Rule:
    def __init__(self, check, short, full, help_uri, help_text):
        self.id = check
        # SARIF's friendly name: coroguard-blocking-call -> BlockingCall.
        self.name = "".join(part[:1].upper() + part[1:]
                            for part in re.split(r"[-_.]", check.split("-", 1)[-1]) if part)
        self.short = short
        self.full = full
        self.help_uri = help_uri
        self.help_text = help_text


def _paragraphs(markdown):
    """Prose paragraphs by section: [(heading, [paragraph, ...])], code blocks left out."""
    sections = [("", [])]
    paragraph, in_code = [], False
    def flush():
        if paragraph:
            sections[-1][1].append(" ".join(paragraph))
            paragraph.clear()
    for line in markdown.splitlines():
        if line.startswith("```"):
            flush()
            in_code = not in_code
        elif in_code:
            continue
        elif line.startswith("#"):
            flush()
            sections.append((line.lstrip("#").strip(), []))
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
    flush()
    return sections


def _from_docs(check, page, help_uri):
    with open(page, encoding="utf-8") as f:
        markdown = f.read()
    sections = [(heading, texts) for heading, texts in _paragraphs(markdown) if texts]
    opening = sections[0][1][0] if sections else "coroguard check %s." % check
    why = next((texts[0] for heading, texts in sections if heading.lower() == "why"), "")
    first_sentence = re.match(r"(.+?[.!?])(?:\s|$)", opening)
    short = first_sentence.group(1) if first_sentence else opening
    return Rule(check, short, (opening + " " + why).strip(), help_uri, markdown)


def _llvm_uri(check):
    if check.startswith("clang-diagnostic-"):
        return "https://clang.llvm.org/docs/DiagnosticsReference.html#w" + \
            check[len("clang-diagnostic-"):].lower()
    if check.startswith("clang-analyzer-"):
        return "https://clang.llvm.org/extra/clang-tidy/checks/clang-analyzer/%s.html" % \
            check[len("clang-analyzer-"):]
    module, _, name = check.partition("-")
    return "https://clang.llvm.org/extra/clang-tidy/checks/%s/%s.html" % (module, name)


def describe(check, toolchain, docs_dirs):
    if check.startswith("coroguard-"):
        name = check[len("coroguard-"):]
        help_uri = "%s/blob/v%s/docs/checks/%s.md" % (toolchain.homepage, toolchain.version, name)
        for directory in docs_dirs:
            page = os.path.join(directory, name + ".md")
            if os.path.isfile(page):
                return _from_docs(check, page, help_uri)
        text = "coroguard check %s; see %s" % (check, help_uri)
        return Rule(check, "coroguard check %s" % check, text, help_uri, text)
    uri = _llvm_uri(check)
    kind = "clang compiler diagnostic" if check.startswith("clang-diagnostic-") else \
        "clang-tidy check"
    return Rule(check, "%s %s" % (kind, check), "The %s %s; see %s." % (kind, check, uri), uri,
                "See %s for what %s reports and how to fix it." % (uri, check))


def enabled_checks(list_checks_output):
    """Check names from `clang-tidy --list-checks` output."""
    names = []
    for line in list_checks_output.splitlines():
        match = re.fullmatch(r"\s+([A-Za-z0-9_.+-]+)\s*", line)
        if match:
            names.append(match.group(1))
    return names
