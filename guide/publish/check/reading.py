"""Reading a policy YAML file from disk (build time: PyYAML): its bytes decoded, then loaded with the place of every
value (``yaml_loader``); any failure is one ``Problem`` at the place to look, never a traceback.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import yaml

from .problems import PolicyFile, Problem, _short
from .yaml_loader import (MAX_FILE_BYTES, _Builder, _character_name, _InputProblem, _Lines, _PolicyLoader,
                          _RUN_ON)

def _decode(raw: bytes) -> tuple[str, str | None]:
    """The text of the file; or, if it is not UTF-8, the text before the problem and the problem in words."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "", "the file is saved as UTF-32; save it as UTF-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "", 'the file is saved as UTF-16 ("Unicode" in Notepad); save it as UTF-8'
    if raw.startswith(codecs.BOM_UTF8):          # accepted, and not counted in columns
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        seen = f" (\u201c{guess}\u201d in Windows-1252)" if guess.isprintable() and guess != "\ufffd" else ""
        return raw[:error.start].decode("utf-8"), (
            f"the file is not UTF-8 text: the byte 0x{byte:02X}{seen} here is not UTF-8, so the file was probably "
            "saved as Windows-1252 or Latin-1; save it as UTF-8 (Save As, Encoding: UTF-8)")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, last_quoted: tuple[int, int] | None) -> tuple[int, str]:
    """Where a YAML syntax error is (a character offset) and what it means, in the words of someone editing.

    ``last_quoted`` is where the last quoted text read starts and ends: a quote left open runs on to the next quote
    mark in the file, often many lines below, and the error shows only there.
    """
    problem = error.problem or ""
    context = error.context or ""
    at = error.problem_mark.index if error.problem_mark else (error.context_mark.index if error.context_mark else 0)
    opened = error.context_mark.index if error.context_mark else at
    found = text[at] if at < len(text) else ""
    lines = _Lines(text)
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        quote = text[opened] if opened < len(text) else '"'
        return opened, f"this {quote} quote is never closed: add the closing {quote} where the text ends"
    if last_quoted:
        start, end = last_quoted
        if (lines.at(start)[0] < lines.at(end)[0] <= lines.at(at)[0] <= lines.at(end)[0] + 1
                and _RUN_ON.search(text, start, end)):
            quote = text[start]
            return start, (f"this {quote} quote is not closed on its line, so the text runs on to the next {quote} "
                           f"(on line {lines.at(end)[0]}); add the closing {quote}")
    if "unknown escape character" in problem or "hexadecimal numbers" in problem:
        slash = text.rfind("\\", opened, at + 1)
        return slash if slash >= 0 else at, (
            "a `\\` in double quotes starts an escape such as `\\n`, and this one is not valid: write `\\\\` for a "
            "backslash, or use single quotes")
    shown = "a backtick (`)" if found == "`" else f"`{found}`"
    if "cannot start any token" in problem or ("tab" in problem and found == "\t"):
        if found == "\t":
            line_start = lines.starts[lines.at(at)[0] - 1]
            if text[line_start:at].strip(" \t"):
                return at, "a tab is here; YAML needs spaces after `:` and `-`: replace the tab with a space"
            return at, "a tab is used for indentation here; YAML needs spaces: replace the tab with spaces"
        return at, f"a value cannot start with {shown}; put the value in quotes"
    if found in ("]", "}") and ("expected <block end>" in problem or "expected the node content" in problem
                                or "document start" in problem):
        return at, f"this `{found}` closes nothing: remove it, or put the value in quotes"
    if "could not find expected ':'" in problem:
        return opened, ("this line needs a colon and a space after its name (`name: value`); if it continues the "
                        "text above, indent it like that text or put the text in quotes")
    if "mapping values are not allowed here" in problem:
        return at, ("a colon and a space (`: `) inside a value: put the whole value in quotes, or check the "
                    "indentation of this line")
    if "sequence entries are not allowed here" in problem:
        return at, "a `-` list item is not allowed here: check the indentation, or put the value in quotes"
    if context.startswith(("while scanning an anchor", "while scanning an alias")):
        sign = text[opened] if opened < len(text) else "*"
        return opened, (f"a value starting with `{sign}` is read as a YAML {'alias' if sign == '*' else 'anchor'}: "
                        "put the value in quotes")
    if "found undefined alias" in problem:
        name = problem.split("'")[1] if "'" in problem else ""
        return at, (f"`*{name}` repeats an anchor `&{name}` that is not defined above it; if the `*` is part of the "
                    "text, put the value in quotes")
    if "found duplicate anchor" in context:
        first = lines.at(error.context_mark.index)[0]
        return at, f"this anchor name is used twice (first on line {first}); give each anchor its own name"
    if "expected a single document" in context or "another document" in problem:
        return at, ("a second document starts here; a policy file is one document: remove the `---` or `...` line "
                    "and what follows it, or put it in another file")
    if "flow sequence" in context or "flow mapping" in context:
        bracket = text[opened] if opened < len(text) else "["
        close = "]" if bracket == "[" else "}"
        line = lines.at(at)[0]
        if line == lines.at(opened)[0]:
            return at, (f"`{found}` is not expected here inside `{bracket} {close}`: separate the items with commas, "
                        "and put text holding `{`, `}`, `[`, `]`, `,`, `?` or `: ` in quotes")
        return opened, (f"this `{bracket}` is not closed by a `{close}` before line {line}; close it, separate its "
                        f"items with commas, or put text with `{bracket}` in quotes")
    if "expected <block end>" in problem or "block collection" in context or "block mapping" in context:
        return at, "this line is not lined up with the lines above it: check its indentation (the spaces before it)"
    if "expected the node content" in problem:
        return at, f"a value cannot start with {shown}; put the value in quotes"
    if "block scalar" in context:
        return at, "after `|` or `>` only a comment may follow on the same line; start the text on the next line"
    what = problem or "this is not valid YAML"
    if context:
        what = f"{what} ({context})"
    return at, f"{what}; check the indentation and quotes here"


def read_policy_file(path: Path, display: str | None = None) -> tuple[PolicyFile | None, list[Problem]]:
    display = display or _display_path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, f"the file is {path.stat().st_size:,} bytes; a policy is far smaller "
                                  f"(at most {MAX_FILE_BYTES:,} bytes): is it the right file?")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(display, 1, 1, "no such file; give the path of a policy.yaml")]
    except IsADirectoryError:
        return None, [Problem(display, 1, 1, "this is a folder; give the path of a policy.yaml")]
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror}")]
    text, encoding_problem = _decode(raw)
    if encoding_problem:
        return None, [Problem(display, *_Lines(text).at(len(text)), encoding_problem)]
    lines = _Lines(text)
    # U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 (and PyYAML), not to YAML 1.2 nor to an editor, which
    # shows one line: pasted into a text, they would silently break the file's structure. They are read as spaces.
    separators = [m.start() for m in re.finditer("[\x85\u2028\u2029]", text)]
    notes = []
    if separators:
        text = re.sub("[\x85\u2028\u2029]", " ", text)
        more = f" (and {len(separators) - 1} more in the file)" if len(separators) > 1 else ""
        notes.append(Problem(display, *lines.at(separators[0]), f"warning: an invisible line separator is here{more}; "
                             "it is read as a space"))
    try:
        loader = _PolicyLoader(text)
    except yaml.reader.ReaderError as error:   # a control character, refused before anything is read
        return None, [Problem(display, *lines.at(error.position), f"{_character_name(chr(error.character))} is here: "
                              "a policy file cannot hold it; delete it, or put a space or a line break in its place")]
    builder = _Builder(loader, text, lines, display)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display, 1, 1, "the file is empty; start from another partnership's policy.yaml")]
        marks: dict = {}
        data = builder.build(node, (), marks)
    except _InputProblem as error:
        return None, [Problem(display, *lines.at(error.index), error.message)]
    except yaml.MarkedYAMLError as error:
        index, message = _syntax_problem(error, text, loader.last_quoted)
        return None, [Problem(display, *lines.at(index), f"YAML syntax error: {message}")]
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        # Not expected (the limits above come first), but still one line at the place the reader had got to.
        return None, [Problem(display, *lines.at(loader.get_mark().index),
                              f"cannot read the file here ({type(error).__name__}: {_short(error)}); check this line")]
    finally:
        loader.dispose()
    policy = PolicyFile(path, display, data, marks, warnings=notes, text=text, spans=builder.spans,
                        covered=builder.covered)
    return policy, builder.problems


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _at_text(policy: PolicyFile, path: tuple, needle: str, message: str) -> Problem:
    """A problem at ``needle`` as typed inside the value at ``path``, or at the value if it is not found there."""
    start, end = policy.spans.get(path, (0, 0))
    file = policy.file_of(path)
    text = policy.texts.get(file, policy.text)
    found = text.find(needle, start, end) if needle else -1
    if found < 0:
        return policy.problem(path, message)
    return Problem(file, *_Lines(text).at(found), message)
