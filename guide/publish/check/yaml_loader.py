"""The YAML loader of a policy file: bounded (depth, values and text once aliases are expanded), with the line and
column of every value, and each way a file can fail as one plain message at the place a person would look.
"""

from __future__ import annotations

import bisect
import re

import yaml

from .problems import Problem, _short

# --- YAML with positions ------------------------------------------------------------------------------------
#
# A policy file is written by hand and pasted from anywhere, so the reader is bounded and every way it can fail is
# one line in plain words at the place a person would look. The limits are counted while PyYAML composes the file
# (see _PolicyLoader): nesting depth, and the size the file would have once every alias (`*name`) is replaced by
# what its anchor (`&name`) stands for, so that an "alias bomb" is refused at the alias that would blow it up.
# Line numbers count only the line breaks an editor shows (LF, CRLF, CR): PyYAML also counts U+0085, U+2028 and
# U+2029, so its own line numbers are not used.

# The largest bundled policy (Suffolk) is 46 kB, nests 9 deep and holds 1,872 values and 37,000 characters of text.
MAX_FILE_BYTES = 3_000_000     # bytes of the file
MAX_DEPTH = 40                 # lists and mappings inside one another
MAX_NODES = 50_000             # values (keys, texts, lists, mappings) once aliases are expanded
MAX_TEXT = 2_000_000           # characters of text once aliases are expanded

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "null", "bool", "value", "merge")}
_CONTROL_NAMES = {
    0x00: "a NUL (zero) character",
    0x07: "a bell character (BEL)",
    0x08: "a backspace character",
    0x0B: "a vertical tab (a line break pasted from Word, where Shift+Enter makes one)",
    0x0C: "a form feed (a page break)",
    0x1B: "an escape character (ESC)",
    0x7F: "a delete character (DEL)",
    0xFFFE: "a non-character",
    0xFFFF: "a non-character",
}


class _Lines:
    """Line and column (1-based) of a character offset, counting LF, CRLF and CR as line breaks."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", text)]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def _character_name(char: str) -> str:
    code = ord(char)
    if code in _CONTROL_NAMES:
        name = _CONTROL_NAMES[code]
    elif 0xD800 <= code <= 0xDFFF:
        name = "half of a character pair (a lone surrogate, as the escape `\\ud800` makes)"
    elif code < 0x20 or 0x80 <= code < 0xA0:
        name = "an invisible control character"
    else:
        name = "a character that is not text"
    return f"{name}, U+{code:04X},"


# A line inside quoted text that looks like a key (`name: ...`, `- id: ...`): the quote before it was left open.
_RUN_ON = re.compile(r"\n([ \t]*)(?:- )?[\w-]+:(?: |$)", re.M)


class _InputProblem(Exception):
    """A problem that stops reading the file, at a character offset of the text."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index
        self.message = message


class _PolicyLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false), no implicit dates, and limits.

    `yes`, `no`, `on` and `off` stay strings, so answer values such as ``{cp-plan: yes}`` mean what they say,
    and ``2026-04-01`` stays the text the author wrote, to be checked as a date. While composing, it counts the
    nesting depth and the values and text the document holds once aliases are expanded, and stops at the first
    node or alias past a limit.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0
        self._text = 0
        self._sizes: dict[int, tuple[int, int]] = {}   # id(node) -> (values, characters) once expanded
        self.last_quoted: tuple[int, int] | None = None  # offsets of the last quoted text read, for messages

    def scan_flow_scalar(self, style):
        start = self.get_mark().index
        try:
            token = super().scan_flow_scalar(style)
        except ValueError:   # an escape such as \U00110000, beyond the last character
            slash = self.buffer.rfind("\\", start, self.pointer + 1)   # the text is all in the buffer
            raise _InputProblem(slash, "this escape is not a character (the last one is `\\U0010FFFF`): write the "
                                "character itself, or `\\\\` for a backslash")
        self.last_quoted = (token.start_mark.index, token.end_mark.index)
        return token

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:
                    raise _InputProblem(event.start_mark.index,
                                        f"`*{event.anchor}` is inside the anchor `&{event.anchor}` it repeats, so it "
                                        "would repeat itself for ever; remove it")
                self._nodes += size[0]
                self._text += size[1]
                if self._nodes > MAX_NODES or self._text > MAX_TEXT:
                    raise _InputProblem(event.start_mark.index,
                                        f"`*{event.anchor}` repeats `&{event.anchor}` once too often: with its "
                                        f"repeats the file would hold more than {MAX_NODES:,} values or "
                                        f"{MAX_TEXT:,} characters; write the values out, or repeat less")
            return super().compose_node(parent, index)
        event = self.peek_event()
        if self._depth >= MAX_DEPTH:
            raise _InputProblem(event.start_mark.index,
                                f"the file nests more than {MAX_DEPTH} levels deep here; a policy never needs "
                                "that: check the indentation and the brackets")
        nodes, text = self._nodes, self._text
        self._depth += 1
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._nodes += 1
        if isinstance(node, yaml.ScalarNode):
            self._text += len(node.value)
        if self._nodes > MAX_NODES or self._text > MAX_TEXT:
            raise _InputProblem(event.start_mark.index,
                                f"the file holds more than {MAX_NODES:,} values or {MAX_TEXT:,} characters; "
                                "a policy is far smaller")
        self._sizes[id(node)] = (self._nodes - nodes, self._text - text)
        return node


_PolicyLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PolicyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _Builder:
    """Plain data from the composed nodes, with the position of every value and key.

    Merge keys (``<<: *base``) are honoured: the mapping's own keys win over merged ones, and are not duplicates.
    Problems that leave the rest of the file readable (a key given twice, a tag, a character no text may hold,
    a value lost to a ``#``) are collected, and the paths they are about are remembered so that the schema does
    not report the same place again.
    """

    def __init__(self, loader: _PolicyLoader, text: str, lines: _Lines, display: str):
        self.loader = loader
        self.text = text
        self.lines = lines
        self.display = display
        self.problems: list[Problem] = []
        self.covered: set[tuple] = set()
        self.spans: dict[tuple, tuple[int, int]] = {}

    def problem(self, index: int, message: str, path: tuple | None = None) -> None:
        self.problems.append(Problem(self.display, *self.lines.at(index), message))
        if path is not None:
            self.covered.add(path)

    def build(self, node: yaml.Node, path: tuple, marks: dict):
        marks.setdefault(path, self.lines.at(node.start_mark.index))
        self.spans.setdefault(path, (node.start_mark.index, node.end_mark.index))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, marks)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.problem(node.start_mark.index, self.tag_message(node.tag), path)
            return [self.build(item, path + (index,), marks) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: tuple, marks: dict) -> dict:
        if node.tag != _TAG + "map":
            self.problem(node.start_mark.index, self.tag_message(node.tag), path)
        result: dict = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" and isinstance(key_node, yaml.ScalarNode):
                merges.append(value_node)
                continue
            key = self.key(key_node)
            where = self.lines.at(key_node.start_mark.index)
            if key in result:
                first_line = marks[path + (key, "<key>")][0]
                self.problem(key_node.start_mark.index,
                             f"`{key}` is given twice (first on line {first_line}); keep one.")
                continue
            marks[path + (key, "<key>")] = where
            result[key] = self.build(value_node, path + (key,), marks)
        # `<<: *base` or `<<: [*first, *second]`: keys not given here come from the first mapping that has them.
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problem(source.start_mark.index, "`<<` merges a mapping into this one: write `<<: *name` "
                                 "where `&name` marks a mapping (key: value lines)", path)
                    continue
                found: dict = {}
                merged = self.mapping(source, path, found)
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        for where, mark in found.items():
                            if where[len(path):len(path) + 1] == (key,):
                                marks.setdefault(where, mark)
        return result

    def key(self, node: yaml.Node):
        if not isinstance(node, yaml.ScalarNode):
            raise _InputProblem(node.start_mark.index, "a key must be a name, not a list or a mapping; check the "
                                "`?`, `[` or `{` before the colon")
        value = self.scalar(node, None)
        return value if isinstance(value, str) else str(value)

    def scalar(self, node: yaml.ScalarNode, path: tuple | None):
        if node.tag not in _SCALAR_TAGS:
            self.problem(node.start_mark.index, self.tag_message(node.tag), path)
            return node.value
        if node.tag in (_TAG + "value", _TAG + "merge"):   # a lone `=` or `<<` as text
            return node.value
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            kind = {"int": "a whole number", "float": "a number"}.get(node.tag[len(_TAG):], _tag_text(node.tag))
            self.problem(node.start_mark.index, f"`{_short(node.value)}` cannot be read as {kind}; write a "
                         "shorter number, or put it in quotes if it is text", path)
            return node.value
        if value is None and node.value == "" and path is not None:
            self.lost_to_comment(node, path)
        if node.style in ('"', "'"):
            self.quote_run_on(node)
        if isinstance(value, str):
            bad = yaml.reader.Reader.NON_PRINTABLE.search(value)
            if bad:
                self.problem(node.start_mark.index, f"this text holds {_character_name(bad.group())} which text "
                             "cannot hold; remove it (check the `\\` escapes in double quotes)", path)
        return value

    def quote_run_on(self, node: yaml.ScalarNode) -> None:
        """A quote left open that YAML reads to the next quote mark without a syntax error (the next one opens
        `"#3d4f3a"`, and the rest of that line reads as a comment): the keys in between vanish into the text, and
        the schema would then report them missing at the mapping above. Say where the quote opened instead."""
        start, end = node.start_mark.index, node.end_mark.index
        line_start = self.text.rfind("\n", 0, start) + 1
        indent = len(self.text[line_start:start]) - len(self.text[line_start:start].lstrip(" "))
        # Text that goes on over lines is indented under its key; a key at the key's own indentation or less is not
        # text ("Note: ..." inside a long quotation stays text).
        if any(len(m.group(1)) <= indent for m in _RUN_ON.finditer(self.text, start, end)):
            quote = self.text[start]
            raise _InputProblem(start, f"this {quote} quote is not closed on its line, so the text runs on to the "
                                f"next {quote} (on line {self.lines.at(end - 1)[0]}); add the closing {quote}")

    def lost_to_comment(self, node: yaml.ScalarNode, path: tuple) -> None:
        """An empty value followed on its line by `#...`: YAML read the intended value as a comment."""
        start = node.start_mark.index
        end = self.text.find("\n", start)
        rest = self.text[start:end if end >= 0 else len(self.text)]
        match = re.match(r"[ \t]*(#\S*)", rest)
        if not match:
            return
        written = match.group(1)
        if re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", written):
            message = (f'put the colour in quotes: `"{written}"`; without them `#` starts a comment and the value '
                       'is empty')
        else:
            message = (f'this value starts with `#`, so YAML reads `{_short(written)}...` as a comment and the value '
                       'as empty; put the value in quotes')
        self.problem(start + match.start(1), message, path)

    @staticmethod
    def tag_message(tag: str) -> str:
        return (f"`{_tag_text(tag)}` is a YAML tag, which a policy does not use; remove it, or put the value in "
                "quotes if the `!` is part of the text")
