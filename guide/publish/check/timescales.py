"""Time rules of a stage: each timescale (its response, its raising, its timed actions) counts from an event that can
happen before it, and a stage's timed actions are named once."""

from __future__ import annotations

from .values import _list


class Timescales:
    """A mixin of the rule checks (``rules._Checker``): it reports through ``add`` and ``ref``."""

    def timescales(self, spath, stage: dict, stage_ids: dict, order: list) -> None:
        """Each timescale of a stage (its response, its raising, its timed actions) counts from an event that can
        happen before it: ``from_stage`` names this stage or an earlier one of the same pathway."""
        timed = [(spath + (key,), stage.get(key)) for key in ("timescale", "raise_within")]
        actions = [(spath + ("actions", i), a) for i, a in enumerate(_list(stage.get("actions"))) if isinstance(a, dict)]
        timed += [(apath + ("timescale",), a.get("timescale")) for apath, a in actions]
        seen = set()
        for apath, action in actions:
            if isinstance(action.get("id"), str):
                if action["id"] in seen:
                    self.add(apath + ("id",), f"timed action `{action['id']}` appears twice in this stage")
                seen.add(action["id"])
        position = order.index(stage.get("id")) if stage.get("id") in order else len(order)
        for tpath, timescale in timed:
            if not isinstance(timescale, dict):
                continue
            if timescale.get("counts_from") == "previous-response" and position == 0:
                self.add(tpath + ("counts_from",), f"`{stage.get('id')}` is the first stage: there is no previous "
                         "stage's response to count from")
            sid = timescale.get("from_stage")
            if not isinstance(sid, str):
                continue
            if sid not in stage_ids:
                self.ref(tpath + ("from_stage",), sid, stage_ids, "stage")
            elif order.index(sid) > position:
                self.add(tpath + ("from_stage",), f"stage `{sid}` comes after `{stage.get('id')}`; a timescale can "
                         "only count from this stage or an earlier one being raised")
