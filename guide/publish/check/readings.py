"""A role, inbox or form in a rule that the rule's quote does not name (a warning, and "check this reading" in the
review before publishing).

A quote is found in the source (``quotes``), but a quote found is not a quote that says the rule: "they must
firstly consult with their line manager" behind `raised_by: [practitioner]` is a reading of "they", which a
reviewer should confirm. A name counts as named (``names``) when, for one of its forms (a role's title or one of its
alternatives: "Line manager or team manager", "Head of Service, CYPD", an abbreviation in brackets; an inbox's name
or address; a form's title), the quote has every word that tells it apart (not "the", "your", "who disagrees", nor
the partnership's area), or its last two ("Conference Chair"), or two in three ("the placing authority"). Plurals,
endings ("representing", "representative") and case do not matter; an abbreviation stands for its words ("LSCB",
"PPAs"); a professional, a worker and a practitioner are the same person. Rules marked ``from_source: false`` are
listed with their reason already, and are not repeated here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ...engine.model import Policy, Quote

# Words that do not tell one role, inbox or form from another.
COMMON = frozenset("""a an the of in for to at on by from with and or your their his her its our my each every any
all who that which whom you they them is are be this these those about relevant equivalent other another same one
involved disagrees disagree disagreeing disagreement dispute concern agency agencies""".split())
# Words for the same person in a policy: "the professional who disagrees" is the practitioner, "front line workers".
SAME = {"professional": "practitioner", "worker": "practitioner", "practitioners": "practitioner"}
MAX_WORDS = 2_000      # of a quote, read for abbreviations (a quote is a sentence or two)
_SUFFIXES = ("ative", "ation", "ing", "ed", "es", "s")


@dataclass(frozen=True)
class Reading:
    """A rule whose quote does not name its role, inbox or form."""

    path: tuple        # where the rule is in the policy file
    where: str         # the stage (or pathway) in words: "Multi-agency escalation, Stage 2"
    what: str          # "contact", "raised by", "duty", "form"
    name: str          # the role's title, the inbox's name or the form's title
    quote: str         # the quote's words

    def sentence(self) -> str:
        """For the review: "Multi-agency escalation, Step 2: who raises it, “The referrer”: the quote does not name
        it (“...”)."."""
        return f"{self.where}: {WHAT[self.what]}, “{self.name}”: the quote does not name it (“{_short(self.quote, 160)}”)."


WHAT = {"contact": "whom to contact", "raised by": "who raises it", "form": "the form", "duty": "whom the duty names"}


def _stem(word: str) -> str:
    """The word without its ending ("representing", "representative": "represent"), a plural as its singular."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (3 if suffix == "s" else 4) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return SAME.get(word, word)


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'s", "")
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text)]


_COMMON_STEMS = frozenset(_stem(w) for w in COMMON)


def _initials(words: list[str]) -> set[str]:
    """The abbreviations a run of words may stand for: "Local Safeguarding Children Board" -> "lscb"."""
    found = set()
    for size in range(2, 6):
        for start in range(len(words) - size + 1):
            found.add("".join(w[0] for w in words[start:start + size]))
    return found


def _forms(name: str, place: frozenset = frozenset()) -> list[list[str]]:
    """The forms a name may be written in, each as the words that tell it apart (the partnership's area is not one:
    "Suffolk LSCB" is "the LSCB" in Suffolk's policy)."""
    forms = [name] + re.findall(r"\(([^)]*)\)", name)
    forms += re.split(r"\s*(?:,|/|;|\(|\)|\bor\b|\bof the\b|–|—| - )\s*", name, flags=re.I)
    result = []
    for form in forms:
        words = [w for w in _words(form) if w not in _COMMON_STEMS and w not in place]
        if words and words not in result:
            result.append(words)
    return result


def names(quote: str, name: str, place: frozenset = frozenset()) -> bool:
    """Whether ``quote`` names ``name``: for one of its forms, every word that tells it apart is in the quote, or
    its last two such words ("Conference Chair" for "Child Protection Conference Chair"), or two in three of them
    ("the placing authority" for "the placing local authority"); a word may be an abbreviation ("LSCB" for
    "Local Safeguarding Children Board", "PPAs" for "Partnership Practice Alert")."""
    words = _words(quote)
    said = set(words) | _initials(re.findall(r"[a-z0-9]+", quote.lower())[:MAX_WORDS])
    for form in _forms(name, place):
        present = [w in said for w in form]
        if all(present) or "".join(w[0] for w in form) in said and len(form) > 1:
            return True
        if len(form) >= 3 and (all(present[-2:]) or 3 * sum(present) >= 2 * len(form)):
            return True
    return False


def _text(quote: Optional[Quote]) -> Optional[str]:
    if quote is None or not quote.from_source or not quote.passages:
        return None
    return " … ".join(p.text for p in quote.passages)


def readings(policy: Policy) -> list[Reading]:
    """Every role, inbox or form of a stage (its contacts, who raises it, its form, its duties) and of a pathway's
    duties that the rule's own quote does not name."""
    found: list[Reading] = []
    place = frozenset(_words(policy.partnership.area or "")) - _COMMON_STEMS
    for pi, pathway in enumerate(policy.pathways):
        if pathway.stages_from:      # the same stages as another pathway: read there
            continue
        ppath = ("pathways", pi)
        for si, stage in enumerate(pathway.stages):
            spath = ppath + ("stages", si)
            where = f"{pathway.title}, {stage.label}"
            for ci, entry in enumerate(stage.contacts):
                for name in _contact_names(policy, entry.roles, entry.contact):
                    found += _unnamed(spath + ("contacts", ci), where, "contact", name, entry.quote, place)
            for name in (policy.role(r).title for r in stage.raised_by):
                found += _unnamed(spath + ("raised_by",), where, "raised by", name, stage.raised_by_quote, place)
            if stage.form:
                form = policy.form(stage.form)
                quote = stage.form_quote or stage.quote
                found += _unnamed(spath + ("form",), where, "form", form.title, quote, place, also=(form.id,))
            for di, duty in enumerate(stage.duties):
                for name in _contact_names(policy, (duty.role,) if duty.role else (), duty.contact):
                    found += _unnamed(spath + ("duties", di), where, "duty", name, duty.quote, place)
        for di, duty in enumerate(pathway.duties):
            for name in _contact_names(policy, (duty.role,) if duty.role else (), duty.contact):
                found += _unnamed(ppath + ("duties", di), pathway.title, "duty", name, duty.quote, place)
    return found


def _contact_names(policy: Policy, roles, contact_id) -> Iterator[tuple[str, tuple]]:
    for role in roles:
        yield policy.role(role).title, ()
    if contact_id:
        contact = policy.contact(contact_id)
        yield contact.name, tuple(x for x in (contact.email, contact.id) if x)


def _unnamed(path, where, what, name, quote, place, also=()) -> list[Reading]:
    if isinstance(name, tuple):
        name, also = name
    text = _text(quote)
    if text is None:
        return []
    if names(text, name, place) or any(other.lower() in text.lower() for other in also if "@" in other):
        return []
    return [Reading(path, where, what, name, " ".join(text.split()))]


def check(policy_file, model) -> tuple[list, list]:
    warnings = []
    for reading in readings(model):
        warnings.append(policy_file.problem(reading.path, (
            f"warning: check this reading: {WHAT[reading.what]}, “{reading.name}”, is not named in the quote "
            f"(“{_short(reading.quote)}”): add the source's words that name it to the quote (a quote may be a list "
            "of passages), or correct the rule")))
    return [], warnings


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
