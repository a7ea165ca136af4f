"""The decision engine: the part of the package that runs in the browser, under Pyodide, as well as in CPython.

Standard library only, and nothing from outside this package: ``tests/test_layout.py`` fails otherwise. The
build ships this folder alone to the browser (``guide.publish.pages.engine_archive``).

- ``model``: the policy model, dataclasses built from a checked policy;
- ``conditions``: conditions on answers, three-valued;
- ``workdays``: working days and bank holidays (given as data);
- ``walk``: answers in, the next question or the advice out (``next_step``);
- ``routes``: every route through a policy's questions;
- ``documents`` and ``docx``: the filled forms and the escalation record as Word files;
- ``wording``: the practitioner-facing words, with a policy's own overrides;
- ``browser``: the entry points the guide's Web Worker calls.
"""

from .walk import AnswerError, Walk, next_step, parse_date, question_ids, replay

__all__ = ["AnswerError", "Walk", "next_step", "parse_date", "question_ids", "replay"]
