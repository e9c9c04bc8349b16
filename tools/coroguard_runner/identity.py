"""A finding's identity across edits: its check, its file, the text of its own source line and
the function it is in — never its line number, so that unrelated edits that shift lines keep
baselines and SARIF fingerprints valid.

The enclosing function is found by a light scan of the source (comments, literals and
preprocessor lines skipped; braces matched; each block classified by the tokens before it),
not by clang: it needs to be stable, not exact, and it must not cost a parse.
"""
import hashlib
import re

_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\f\v]+|\\\n)
  | (?P<newline>\n)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<raw>(?:u8|[uUL])?R"(?P<delimiter>[^ ()\\\t\n]{0,16})\()
  | (?P<string>(?:u8|[uUL])?"(?:[^"\\\n]|\\.)*"|(?:u8|[uUL])?'(?:[^'\\\n]|\\.)*')
  | (?P<number>\.?[0-9](?:[eEpP][+-]|'[0-9A-Za-z_]|[0-9A-Za-z_.])*)
  | (?P<identifier>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punctuation>::|->|.)
""", re.VERBOSE | re.DOTALL)

_CONTROL = {"if", "else", "for", "while", "do", "switch", "try", "catch", "return", "co_return",
            "co_await", "co_yield", "throw", "new", "delete", "case", "default", "goto",
            "static_assert", "sizeof", "typeid", "requires"}
# Keywords whose parenthesised operand is part of a declaration, not its parameter list.
_SKIPPED_CALLS = {"decltype", "alignas", "noexcept", "__attribute__", "__declspec", "explicit",
                  "alignof", "_Alignas", "__decltype", "throw"}
_CLASS_KEYS = {"class", "struct", "union"}


def _tokens(text):
    """(kind, text, offset) for each token; preprocessor lines and comments are dropped."""
    position, at_line_start, end = 0, True, len(text)
    while position < end:
        match = _TOKEN.match(text, position)
        kind = "raw" if match.group("raw") is not None else match.lastgroup
        if kind == "raw":
            closing = text.find(")" + match.group("delimiter") + '"', match.end())
            position = end if closing < 0 else closing + len(match.group("delimiter")) + 2
            yield "string", "", match.start()
            at_line_start = False
            continue
        position = match.end()
        if kind == "newline":
            at_line_start = True
        elif kind in ("space", "comment"):
            pass
        elif at_line_start and match.group() == "#":
            # A directive runs to the end of its line, continuations included.
            while True:
                newline = text.find("\n", position)
                if newline < 0:
                    position = end
                    break
                if text[newline - 1] != "\\":
                    position = newline
                    break
                position = newline + 1
        else:
            at_line_start = False
            yield kind, match.group(), match.start()


def _skip_group(header, index, opening, closing):
    """Index just past the group opened at header[index]."""
    depth = 0
    while index < len(header):
        if header[index][1] == opening:
            depth += 1
        elif header[index][1] == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def _qualified_name_before(header, index):
    """The (possibly qualified) name whose last token is header[index]."""
    parts = []
    while index >= 0:
        kind, text, _ = header[index]
        if text == ">":
            depth = 0
            while index >= 0:
                depth += {">": 1, "<": -1}.get(header[index][1], 0)
                if depth == 0:
                    break
                index -= 1
            index -= 1
            continue
        if kind != "identifier":
            break
        name = text
        if index > 0 and header[index - 1][1] == "~":
            name = "~" + name
            index -= 1
        parts.append(name)
        if index > 0 and header[index - 1][1] == "::":
            index -= 2
            continue
        break
    return "::".join(reversed(parts))


def _classify(header):
    """What a '{' opens, from the tokens since the previous ';', '{' or '}' at its level:
    ('namespace'|'class'|'function', name), or ('block', '')."""
    index = 0
    while index < len(header):  # template heads and attributes come before everything else
        text = header[index][1]
        if text == "template" and index + 1 < len(header) and header[index + 1][1] == "<":
            index = _skip_group(header, index + 1, "<", ">")
        elif text == "[" and index + 1 < len(header) and header[index + 1][1] == "[":
            index = _skip_group(header, index, "[", "]")
        elif text in ("export", "inline", "typedef", "constexpr", "static"):
            index += 1
        else:
            break
    rest = header[index:]
    if not rest:
        return "block", ""
    first = rest[0][1]
    if first == "namespace":
        return "namespace", "".join(t for _, t, _ in rest[1:] if t != "inline") or "(anonymous)"
    if first == "extern" or first == "enum" or first in _CONTROL or first == "[":
        return "block", ""
    if first in _CLASS_KEYS:
        name = ""
        position = 1
        while position < len(rest):
            kind, text, _ = rest[position]
            if text in (":", "{", "<", "final"):
                break
            if text == "[" or text == "(":
                position = _skip_group(rest, position, text, "]" if text == "[" else ")")
                continue
            if kind == "identifier":
                name = text
            position += 1
        if not any(t == "(" for _, t, _ in rest[1:position]) and name:
            return "class", name
    position = 0
    while position < len(rest):
        kind, text, _ = rest[position]
        if text == "=":
            return "block", ""  # an initializer: a lambda or a braced value
        if text == "operator":
            name_end = position + 1
            if name_end < len(rest) and rest[name_end][1] == "(":
                name_end += 2
            while name_end < len(rest) and rest[name_end][1] != "(":
                name_end += 1
            spelled = rest[position + 1:name_end]
            operator = "operator" + (" " if spelled and spelled[0][0] == "identifier" else "") + \
                "".join(t if k != "identifier" or i == 0 else " " + t
                        for i, (k, t, _) in enumerate(spelled))
            qualifier = _qualified_name_before(rest, position - 2) if (
                position >= 2 and rest[position - 1][1] == "::") else ""
            return "function", (qualifier + "::" if qualifier else "") + operator
        if text == "(":
            before = rest[position - 1] if position else None
            if before is None or before[0] != "identifier":
                return "block", ""
            if before[1] in _SKIPPED_CALLS:
                position = _skip_group(rest, position, "(", ")")
                continue
            if before[1] in _CONTROL:
                return "block", ""
            return "function", _qualified_name_before(rest, position - 1)
        if text == "[":
            position = _skip_group(rest, position, "[", "]")
            continue
        position += 1
    return "block", ""


def _is_member_initializer_brace(header):
    """`X::X() : member{value} {`: the first braces initialize a member; the body comes later."""
    if not header or header[-1][0] != "identifier" and header[-1][1] != ">":
        return False
    depth = 0
    closed_parameters = False
    for _, text, _ in header:
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            closed_parameters = closed_parameters or depth == 0
        elif text == ":" and depth == 0 and closed_parameters:
            return True
    return False


class FunctionIndex:
    """Where each function body of one file starts and ends (by byte offset), with its
    qualified name (enclosing namespaces and classes included)."""

    def __init__(self, text):
        self.functions = []  # (start, end, qualified name)
        scopes = []  # (kind, name, header start, saved header, saved paren depth)
        header, depth = [], 0
        for kind, token, offset in _tokens(text):
            if token in ("(", "["):
                depth += 1
                header.append((kind, token, offset))
            elif token in (")", "]"):
                depth = max(depth - 1, 0)
                header.append((kind, token, offset))
            elif token == ";" and depth == 0:
                header = []
            elif token == "{":
                if depth > 0 or _is_member_initializer_brace(header):
                    scopes.append(("expression", "", offset, header, depth))
                else:
                    scope_kind, name = _classify(header)
                    start = header[0][2] if header else offset
                    scopes.append((scope_kind, name, start, None, 0))
                header, depth = [], 0
            elif token == "}":
                if not scopes:
                    header, depth = [], 0
                    continue
                scope_kind, name, start, saved_header, saved_depth = scopes.pop()
                if scope_kind == "expression":
                    header = saved_header + [("punctuation", "{}", offset)]
                    depth = saved_depth
                    continue
                if scope_kind == "function":
                    outer = [n for k, n, _, _, _ in scopes if k in ("namespace", "class", "function")]
                    self.functions.append((start, offset + 1, "::".join(outer + [name])))
                header, depth = [], 0
            else:
                header.append((kind, token, offset))

    def enclosing(self, offset):
        """The innermost function whose definition contains the offset, or ''."""
        best = None
        for start, end, name in self.functions:
            if start <= offset < end and (best is None or start >= best[0]):
                best = (start, end, name)
        return best[2] if best else ""


class SourceFiles:
    """Source files read once per run: line text and enclosing functions by line and column."""

    def __init__(self):
        self._files = {}

    def _load(self, path):
        if path not in self._files:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = b""
            # latin-1 maps bytes 1:1 to characters, so clang's byte columns index it directly.
            text = data.decode("latin-1")
            starts = [0] + [m.end() for m in re.finditer("\n", text)]
            self._files[path] = (data, text, starts, None)
        return self._files[path]

    def line_text(self, path, line):
        data, text, starts, _ = self._load(path)
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(text)
        return data[starts[line - 1]:end].decode("utf-8", errors="replace").rstrip("\r")

    def codepoint_column(self, path, line, column):
        """clang's byte column as a column of Unicode code points (SARIF's columnKind)."""
        data, _, starts, _ = self._load(path)
        if not 1 <= line <= len(starts) or column <= 1:
            return max(column, 1)
        start = starts[line - 1]
        return len(data[start:start + column - 1].decode("utf-8", errors="replace")) + 1

    def function_at(self, path, line, column):
        data, text, starts, index = self._load(path)
        if not 1 <= line <= len(starts):
            return ""
        if index is None:
            index = FunctionIndex(text)
            self._files[path] = (data, text, starts, index)
        return index.enclosing(starts[line - 1] + max(column - 1, 0))


def normalized(line_text):
    return " ".join(line_text.split())


def fingerprint(check, relative_path, function, line_text):
    """A stable hex id of a finding (see the module docstring for what goes in)."""
    fields = [check, relative_path.replace("\\", "/"), function, normalized(line_text)]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:32]
