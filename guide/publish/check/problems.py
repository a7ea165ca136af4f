"""A problem in a policy file, ``file:line:col: message``, and the file as read: its plain data and where each
value stands in the file (``PolicyFile``). Every check reports through these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    message: str

    def __post_init__(self):
        object.__setattr__(self, "message", _shorten_echoes(self.message))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


ECHO_LIMIT = 60   # characters of a value a message repeats between backticks: enough to find it in the file


def _shorten_echoes(message: str) -> str:
    """Every value a message repeats between backticks, at most ECHO_LIMIT characters (a 5,635-character message
    repeated a whole mistyped value); the rest of the message is kept whole. Only when the backticks pair up: a
    value holding one is shortened where the message is made (`_short`)."""
    parts = message.split("`")
    if len(parts) % 2 == 0:
        return message
    for i in range(1, len(parts), 2):
        if len(parts[i]) > ECHO_LIMIT:
            parts[i] = parts[i][:ECHO_LIMIT - 1] + "…"
    return "`".join(parts)


@dataclass
class PolicyFile:
    """A policy file read from disk: its plain data, and where each value stands in the file."""

    path: Path
    display: str
    data: Any
    marks: dict[tuple, tuple[int, int]]
    warnings: list = field(default_factory=list)   # Problems that do not stop a build (rules not from the source)
    source_sections: dict = field(default_factory=dict)  # quoted passage -> the section of the source it is in
    text: str = ""                                       # the file's text, as read
    spans: dict = field(default_factory=dict)            # path -> (start, end) character offsets of its value
    covered: set = field(default_factory=set)            # paths already reported while reading: the schema skips them
    # A local policy built on a base (guide/publish/variants.py): the merged data's values come from two files.
    files: dict = field(default_factory=dict)            # path -> the file it was written in, where not this one
    texts: dict = field(default_factory=dict)            # file -> its text
    sources: dict = field(default_factory=dict)          # file -> the source text its quotes are checked against
    local: "PolicyFile | None" = None                    # the local file as written, before the merge
    variant: Any = None                                  # variants.Variant: the base, what is local, the differences

    def where(self, path: Iterable) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def key_where(self, path: Iterable) -> tuple[int, int]:
        path = tuple(path)
        return self.marks.get(path + ("<key>",), self.where(path))

    def is_covered(self, path: Iterable) -> bool:
        """Whether reading the file already reported a problem at ``path`` or around it."""
        path = tuple(path)
        return any(path[:len(done)] == done for done in self.covered)

    def file_of(self, path: Iterable) -> str:
        """The file the value at ``path`` (or its nearest enclosing value) was written in."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.files.get(path, self.display)

    def problem(self, path: Iterable, message: str, at_key: bool = False) -> Problem:
        path = tuple(path)
        if at_key and path + ("<key>",) in self.marks:
            return Problem(self.files.get(path + ("<key>",), self.display), *self.marks[path + ("<key>",)], message)
        return Problem(self.file_of(path), *self.where(path), message)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
