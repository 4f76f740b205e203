"""Who acted, and against whom, when an event's own sentence does not say.

:mod:`geomap.events` reads the actors of each event from its own sentence.  The passes here fill
what that leaves empty, from the rest of the article:

* the culprit the next sentences name: "Residents blamed a drone operated by government forces",
  "Islamic State fighters laid mines", "Islamic Jihad said its fighters planted the bomb";
* for an air strike or shelling, the actors of the article's other events of the same kind in
  the same country, when those all name the same side ("In a separate attack, mortar fire struck
  Antonivka" after "Russian artillery shelled Kherson"), counting strikes reported without a place
  ("Syrian and Russian warplanes bombed northern Syria");
* for a seizure, counterattack or clash with one actor, the other side (ACLED's actor 2): the
  first actor of another side named in the event's sentence, else in the next sentence;
* for a withdrawal, the side that lost the place in a seizure the article reports.

Each pass records its rule (``actor:culprit:...``, ``actor:same-kind``, ``actor:lost-place``,
``actor:opponent:...``) so that ``--explain`` shows where an actor came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from geomap.actors import ActorDictionary, ActorMatch
from geomap.drafts import Draft
from geomap.rules import lowered

NON_ACTORS = frozenset({"civil defence", "monitor"})  # sides that report events, never fight them
SAME_KIND_KINDS = ("airstrike", "shelling")
OPPONENT_KINDS = ("seizure", "counterattack", "clash")

# (country code, start, end) -> the actor aliases of that conflict inside text[start:end]
FindActors = Callable[[str | None, int, int], list[ActorMatch]]

_CULPRIT_BEFORE = re.compile(
    r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|(?:operated|fired|launched|carried out|planted|laid) by)"
    r"\s+(?:the\s+)?$", re.I)
_LAID_AFTER = re.compile(r"(?:\s+(?:fighters|militants|forces|troops|members))?\s+(?:(?:had|have|has)\s+)?"
                         r"(?:laid|planted)\b", re.I)
# a claim after the actor, over an apposition or a word or two ("the armed wing of Hamas, the Qassam Brigades,
# said its fighters", "Hamas's armed wing, ... said", "the Islamic State group claimed the bombing",
# "Ukraine's military intelligence agency said its agents had planted the charges")
_CLAIM_AFTER = re.compile(r"(?:['’]s\s+(?:armed|military)\s+wing)?(?:,[^,.;]{1,40},)?,?(?:\s+[a-z-]+){0,2}?\s+"
                          r"(?:(?:said|says)\s+(?:that\s+)?its\s+(?:fighters|forces|units|members|militants|agents|operatives|"
                          r"soldiers|troops|men)|(?:later\s+)?claimed\s+(?:responsibility|the\s+(?:attack|bombing|blast|salvo|"
                          r"strike|ambush|operation|explosion))"
                          r"|(?:later\s+)?(?:said|says)\s+(?:that\s+)?it\s+(?:had\s+)?(?:fired|launched|targeted|shelled)"
                          r"|(?:later\s+)?(?:said|says)\s+(?:that\s+)?the\s+(?:rockets|missiles?|drones?|salvo|barrage|attack|strike)"
                          r"\s+(?:was|were|had\s+been)\s+(?:aimed|directed|fired)\s+at)\b", re.I)
_CUE_WORDS = ("blam", "accus", " by ", "laid", "planted", " its ", "claimed", " at ", " it ")


def name_culprit(text: str, draft: Draft, find: FindActors, cc: str | None,
                 spans: Sequence[tuple[int, int]]) -> None:
    """Give an event without actors the culprit that its sentence or the next ones name: an actor
    right after "blamed", "accused" or "operated/fired/launched/carried out/planted/laid by", or one
    followed by "laid"/"planted" (mines, a bomb) or by a claim ("said its fighters", "claimed
    responsibility", which also sets ``claimed_by``)."""
    low = lowered(text)
    for start, end in spans:
        if not any(low.find(cue, start, end) >= 0 for cue in _CUE_WORDS):
            continue  # (no cue word in the span: its actors are not looked at)
        for m in find(cc, start, end):
            if m.side in NON_ACTORS:
                continue
            claim = _CLAIM_AFTER.match(text, m.end) is not None
            if claim or _LAID_AFTER.match(text, m.end) or _CULPRIT_BEFORE.search(text, max(start, m.start - 30),
                                                                                 m.start):
                draft.actors = [m.actor]
                draft.rules.append(f"actor:culprit:{m.alias}")
                if claim and draft.claimed_by is None:
                    draft.claimed_by = m.actor
                return


def same_kind_actors(drafts: list[Draft], campaigns: Sequence[tuple[int, str, str | None, list[str]]] = ()) -> None:
    """An air strike or shelling without actors takes the actors of the nearest event of the same kind
    in the same country (the earlier one on a tie), when every such event with actors names the same
    first actor: one side's campaign, told event by event.  ``campaigns`` adds strikes reported with
    actors but no place ("Syrian and Russian warplanes bombed northern Syria"): (sentence index, kind,
    country code, actors)."""
    for draft in drafts:
        if draft.actors or draft.kind not in SAME_KIND_KINDS:
            continue
        cc = draft.place.country_code
        others = [(d.sentence_index, d.actors) for d in drafts
                  if d.kind == draft.kind and d.actors and d.place.country_code == cc]
        others += [(si, named) for si, kind, country, named in campaigns if kind == draft.kind and country == cc and named]
        if not others or len({named[0] for _, named in others}) != 1:
            continue
        _, nearest = min(others, key=lambda other: (abs(other[0] - draft.sentence_index), other[0] > draft.sentence_index))
        draft.actors = list(nearest)
        draft.rules.append("actor:same-kind")


def loser_withdraws(drafts: list[Draft]) -> None:
    """A withdrawal without actors from a place that a seizure in the article took: the side that
    lost the place (the seizure's second actor) is the one that withdrew."""
    for draft in drafts:
        if draft.actors or draft.kind != "withdrawal":
            continue
        seizure = next((d for d in drafts if d.kind == "seizure" and len(d.actors) > 1
                        and d.place.place_id == draft.place.place_id), None)
        if seizure is not None:
            draft.actors = [seizure.actors[1]]
            draft.rules.append("actor:lost-place")


def add_opponents(text: str, drafts: list[Draft], find: FindActors, actors: ActorDictionary,
                  sentences: Sequence[tuple[int, int]]) -> None:
    """A seizure, counterattack or clash with one actor gets a second: the first actor of another side
    of the same conflict named in its sentence, else the first named in the next sentence."""
    for draft in drafts:
        if len(draft.actors) != 1 or draft.kind not in OPPONENT_KINDS:
            continue
        cc = draft.place.country_code
        own = actors.side_of(draft.actors[0], cc)

        def others(start: int, end: int) -> list[ActorMatch]:
            return [m for m in find(cc, start, end)
                    if m.side not in NON_ACTORS and m.side != own and m.actor not in draft.actors]

        found = others(*draft.sentence)
        if not found and draft.sentence_index + 1 < len(sentences):
            found = others(*sentences[draft.sentence_index + 1])
        if found:
            draft.actors.append(found[0].actor)
            draft.rules.append(f"actor:opponent:{found[0].alias}")
