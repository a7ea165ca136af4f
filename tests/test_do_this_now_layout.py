"""'Do this now' on a phone: a list of roles sat 80 px in from its row (Material indents every <dd>, and its list
items' margin doubled the list's own padding), leaving ~250 px for the role titles at 390 px."""

from __future__ import annotations

import pytest

from .guide_driver import Guide
from .scenarios import MODEL

pytestmark = pytest.mark.browser


def test_a_list_of_roles_is_not_indented_twice_on_a_phone(page, site_server):
    scenario = next(s for s in MODEL if s.outcome == "raise" and s.stage.startswith("Step 3"))
    page.set_viewport_size({"width": 390, "height": 844})
    guide = Guide(page, site_server, "model", today=scenario.today).open()
    guide.walk(scenario.answers)
    row, item = page.evaluate("""() => {
        const list = document.querySelector('.guide-now .guide-roles');
        return [list.closest('dd').closest('.govuk-summary-list__row').getBoundingClientRect().left,
                list.querySelector('li').getBoundingClientRect().left]; }""")
    assert item - row <= 40, f"the roles start {item - row:.0f} px in from their row"
