"""Reading the manual (issue 19, point 7): search finds abbreviations in brackets, a pathway prints as its rules
with the partnership on page 1, the keyboard starts at a skip link, and "Back to top" never covers a heading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from guide.publish.policy_files import discover_policies, load_policy, site_path_for

from .conftest import POLICIES

# Every manual present (current and previous versions): its folder in the site, its partnership, its pathways.
MANUALS = {site_path_for(path): load_policy(path) for path in discover_policies(POLICIES)}


def first_pathway(site_path: str) -> str:
    return f"{site_path}/pathways/{MANUALS[site_path].pathways[0].id}/"


# --- search ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("site_path", sorted(p for p in MANUALS if "/" not in p))
def test_search_splits_words_at_brackets_and_punctuation(built_site, site_path):
    """Every word the manual writes in brackets, such as "(IRO)", is a word of the search index on its own, as the
    theme's search splits the text with the index's own separator (a JavaScript regular expression that Python
    reads the same way)."""
    index = json.loads((built_site / site_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    bracketed = 0
    for doc in index["docs"]:
        words = {w for w in separator.split(doc["text"]) if w}
        for word in re.findall(r"\(([A-Za-z]{2,})\)", doc["text"]):
            bracketed += 1
            assert word in words, f"{doc['location']}: ({word}) is not a search word"
        for word in re.findall(r"[“‘\"]([A-Za-z]{2,})", doc["text"]):
            assert word in words, f"{doc['location']}: {word} after a quotation mark is not a search word"
    section = re.compile(r"\b\d+\.\d+\b")
    for doc in index["docs"]:
        for number in section.findall(doc["text"]):
            assert number in separator.split(doc["text"]), f"{doc['location']}: {number} is split"
            break
    assert bracketed or site_path != "medway", "Medway writes (IRO), (MSCP) and others"


@pytest.mark.browser
def test_searching_iro_finds_the_pathway_that_says_when_to_inform_the_iro(page, site_server):
    """Medway's escalation pathway says "Inform the Independent Reviewing Officer (IRO)": searching IRO finds it,
    not only the glossary."""
    page.goto(f"{site_server}/medway/")
    page.locator("input.md-search__input").focus()
    page.locator("input.md-search__input").press_sequentially("IRO", delay=30)
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=15_000)
    links = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("pathways/escalation/" in href for href in links), links


# --- print -----------------------------------------------------------------------------------------------------


def print_pdf(page, url: str, path: Path):
    from pypdf import PdfReader

    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


@pytest.mark.browser
@pytest.mark.parametrize("site_path", sorted(MANUALS))
def test_a_printed_pathway_names_the_partnership_on_page_1_and_cites_the_source_briefly(page, site_server,
                                                                                       site_path, tmp_path):
    """On paper the header is gone: page 1 still names the partnership. Each "Why?" box prints as a reference to
    the source's sections, not as the quotes (Material opens every box for printing)."""
    policy = MANUALS[site_path]
    pages = print_pdf(page, f"{site_server}/{first_pathway(site_path)}", tmp_path / "pathway.pdf")
    assert policy.partnership.name in pages[0], pages[0][:300]
    assert policy.wording("why.summary") not in " ".join(pages)
    boxes = page.locator("details.why")
    assert boxes.count() > 0
    for i in range(boxes.count()):
        assert not boxes.nth(i).is_visible(), "a Why? box prints"
    # In its place, the reference: the source's sections, or the item's own "Source:" line just after it.
    references = boxes.evaluate_all("""boxes => boxes.map(box => {
      const next = box.nextElementSibling;
      return next && next.matches('.why-print, .source') && next.checkVisibility() ? next.textContent : null;
    })""")
    assert all(references), references


@pytest.mark.browser
def test_medway_escalation_prints_on_fewer_pages_without_the_quotes(page, site_server, tmp_path):
    """It printed on 19 A4 pages, half of them the expanded "Why?" boxes."""
    pages = print_pdf(page, f"{site_server}/medway/pathways/escalation/", tmp_path / "escalation.pdf")
    assert len(pages) < 19 // 2, len(pages)
    text = " ".join(pages)
    assert "Source: 1. INTRODUCTION; 4. STAGES OF THE ESCALATION PROCESS" in text      # the pathway's box
    assert "Source: Section 4, Stage 3" in text                                         # a stage's own line
    assert "If the child is in care then the Independent Reviewing Officer" not in text  # a quote in a box
    assert "Stage 3: Escalate to Assistant/Deputy Directors" in text


# --- keyboard --------------------------------------------------------------------------------------------------


def test_every_page_has_a_skip_link_to_its_heading(built_site):
    """Material's skip link is first in every page, named as GOV.UK names it, and leads to the page's heading."""
    pages = sorted(p for p in built_site.rglob("index.html") if p.parent != built_site / "search")
    assert pages
    for file in pages:
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        skip = doc.select_one("a.md-skip")
        assert skip is not None, f"{file.relative_to(built_site)} has no skip link"
        assert " ".join(skip.get_text().split()) == "Skip to main content"
        target = doc.find(id=skip["href"].removeprefix("#"))
        assert target is not None and target.name == "h1", f"{file.relative_to(built_site)}: {skip['href']}"


FOCUSED = """() => {
  const e = document.activeElement;
  return {cls: e.className, text: (e.innerText || e.getAttribute('aria-label') || '').trim(),
          inHeader: !!e.closest('.md-header'), visible: e.checkVisibility({visibilityProperty: true})};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("site_path", sorted(p for p in MANUALS if MANUALS[p].is_current))
def test_the_first_tab_on_the_guide_is_the_skip_link_then_the_header(page, site_server, site_path, width):
    """At 320 px the first Tab opened the search over the page; now it shows "Skip to main content", Enter goes to
    the heading, and from the top the next Tab is the header."""
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(f"{site_server}/{site_path}/guide/")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "md-skip" in first["cls"] and first["text"] == "Skip to main content" and first["visible"], first
    assert not page.evaluate("() => document.getElementById('__search').checked"), "the search opened"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inHeader"], page.evaluate(FOCUSED)
    page.goto(f"{site_server}/{site_path}/guide/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#find-your-stage'")
    heading = page.locator("h1#find-your-stage").bounding_box()
    assert heading["y"] >= 0 and heading["y"] < 640
    page.keyboard.press("Tab")
    assert not page.evaluate(FOCUSED)["inHeader"], "after skipping, Tab went back to the header"


# --- back to top -----------------------------------------------------------------------------------------------

COVERED = """() => {
  const top = document.querySelector('.md-top');
  const t = top.getBoundingClientRect();
  const s = getComputedStyle(top);
  const shown = s.display !== 'none' && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0 && t.height > 0;
  const headings = [...document.querySelectorAll('.md-content h1, .md-content h2')].filter(h => {
    const r = h.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.left < t.right && t.left < r.right && r.top < t.bottom
      && t.top < r.bottom;
  });
  return shown ? headings.map(h => h.textContent.trim().slice(0, 40)) : [];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("site_path", sorted(p for p in MANUALS if "/" not in p))
def test_back_to_top_never_covers_a_heading_at_320_px(page, site_server, site_path):
    """Scrolling back up a long page at 320 px (400% zoom) to each heading: the theme's floating "Back to top"
    pill sat over it. It is at the end of the page instead, and still there."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{site_server}/{first_pathway(site_path)}")
    page.mouse.wheel(0, 100_000)
    page.wait_for_function("() => scrollY > 0")
    ids = page.locator(".md-content h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    for heading in reversed(ids):
        page.evaluate("id => document.getElementById(id).scrollIntoView()", heading)
        page.mouse.wheel(0, -60)          # a little further up, as a reader does: the theme shows its pill then
        page.wait_for_timeout(200)        # the pill's fade (Material's 125 ms transition)
        assert page.evaluate(COVERED) == [], heading
    back = page.locator(".md-top")
    back.scroll_into_view_if_needed()
    expect(back).to_be_visible()
    back.click()
    page.wait_for_function("() => scrollY === 0")
