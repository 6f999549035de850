"""The plan's suggestions for a person's routines, read from the database and acted on.

`routines.pacing.suggest` holds the rule; this module gives it the facts (in a fixed
number of queries, whatever the history length) and carries out what the person taps:
Accept changes one routine item's dose and keeps the change, Not now hides the
suggestion for pacing.NOT_NOW_DAYS days. Nothing here changes a dose on its own.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Q

from . import dose, pacing
from .models import DoseChange, Routine, RoutineItem, Session, SessionMove, SuggestionHidden

FLARE_DAY_STARTER = "flare-day"
# Sessions and changes older than this cannot take part in any suggestion (see pacing).
LOOK_BACK_DAYS = max(pacing.COPED_WINDOW_DAYS, pacing.BACK_OFF_DAYS)


@dataclass(frozen=True)
class Offer:
    """One suggestion shown for a routine, with where the flare-day routine is (its player or the starters)."""

    routine: Routine
    suggestion: pacing.Suggestion
    flare_day: Routine | None = None


def item_dose(item: RoutineItem) -> pacing.ItemDose:
    """Return what the rule reads of one routine item: its dose numbers and the ranges they may move in."""
    move = item.exercise
    field = dose.RANGED_FIELD.get(move.measure)
    values = {name: getattr(item, name) for name in (*dose.AMOUNT_FIELDS, "sets") if getattr(item, name) is not None}
    ranges = {}
    if field is not None and not (move.hold_at_least and move.hold_seconds_max is None):
        ranges = pacing.move_ranges(
            measure=move.measure,
            long_hold=move.kind in dose.LONG_HOLD_KINDS,
            builtin=move.is_builtin,
            dose_by_limber=move.dose_by_limber,
            amount=dose.amount(move),
            amount_max=getattr(move, f"{field}_max"),
            sets=move.sets,
            sets_max=move.sets_max,
        )
    # Never past what the builder itself would take for this move.
    for name, step in list(ranges.items()):
        low, high = dose.bounds(name, move.kind)
        ranges[name] = pacing.Range(max(step.low, low), min(step.high, high), step.step, step.documented)
    return pacing.ItemDose(item.pk, move.name, values, ranges)


def _change(row: DoseChange) -> pacing.Change:
    # A number that appeared or went (a measure changed) is a change, never a raise to go back on.
    old, new = row.old, row.new
    if old is None or new is None:
        old = new = old if old is not None else (new or 0)
    return pacing.Change(row.item_id or 0, row.field, old, new, row.changed_at, row.local_date)


def _flare_day(user) -> tuple[str | None, Routine | None]:
    """Return the flare-day routine's name and the person's own copy of it, if they have one (one query)."""
    found = list(
        Routine.objects.filter(Q(starter_key=FLARE_DAY_STARTER) | Q(owner=user, name__in=_starter_names()))
        .order_by("owner_id", "pk")
        .only("pk", "name", "owner_id")
    )
    starter = next((r for r in found if r.owner_id is None), None)
    own = next((r for r in found if r.owner_id == user.pk and (starter is None or r.name == starter.name)), None)
    return (starter.name if starter else None), own


def _starter_names():
    return Routine.objects.filter(starter_key=FLARE_DAY_STARTER).values("name")


def _session_facts(user, today: date, routine_ids: list[int] | None = None) -> dict[int, list[pacing.SessionFacts]]:
    """Return the facts of the person's sessions in the look-back, by routine (one query)."""
    since = today - timedelta(days=LOOK_BACK_DAYS)
    rows = Session.objects.for_user(user).filter(routine_id__isnull=False, local_date__range=(since, today))
    if routine_ids is not None:
        rows = rows.filter(routine_id__in=routine_ids)
    skipped = SessionMove.objects.filter(session=OuterRef("pk"), skipped=True)
    found: dict[int, list[pacing.SessionFacts]] = {}
    for routine_id, *facts in rows.annotate(any_skipped=Exists(skipped)).values_list(
        "routine_id", "pk", "started_at", "local_date", "pain_before", "pain_after", "morning_pain",
        "any_skipped", "completed",
    ):  # fmt: skip
        found.setdefault(routine_id, []).append(pacing.SessionFacts(*facts))
    return found


def _offers(user, routines: list[Routine], facts: dict[int, list[pacing.SessionFacts]], today: date) -> list[Offer]:
    """Return the suggestion of each routine that may have one (their changes, hidden keys and, after
    a flare, the flare-day routine: two or three queries)."""
    if not routines:
        return []
    ids = [r.pk for r in routines]
    since = today - timedelta(days=LOOK_BACK_DAYS)
    changes: dict[int, list[pacing.Change]] = {pk: [] for pk in ids}
    for row in DoseChange.objects.filter(routine_id__in=ids, local_date__gte=since):
        changes[row.routine_id].append(_change(row))
    hidden: dict[int, set[str]] = {pk: set() for pk in ids}
    shown = SuggestionHidden.objects.filter(routine_id__in=ids, until__gt=today)
    for routine_id, key in shown.values_list("routine_id", "key"):
        hidden[routine_id].add(key)
    flared = any(pacing.outcome(max(facts[pk], key=lambda s: (s.started_at, s.id))) == pacing.FLARED for pk in ids)
    flare_name, flare_routine = _flare_day(user) if flared else (None, None)

    found = []
    for routine in routines:
        items = [item_dose(item) for item in routine.ordered_items()]
        offered_flare = None if flare_name is None or routine.name == flare_name else flare_name
        suggestion = pacing.suggest(
            routine.name, facts[routine.pk], items, changes[routine.pk], today, hidden[routine.pk], offered_flare
        )
        if suggestion is not None:
            found.append(Offer(routine, suggestion, flare_routine))
    return found


def offers(user, routines: list[Routine], today: date) -> list[Offer]:
    """Return the suggestion for each of these routines that has one today, in the order given.

    `routines` come with their items and moves (Routine.objects.with_items()). One query when no
    routine's recent sessions could earn a suggestion, else three or four, whatever the history length.
    """
    facts = _session_facts(user, today, [r.pk for r in routines])
    return _offers(user, [r for r in routines if pacing.may_suggest(facts.get(r.pk, ()), today)], facts, today)


def todays_offers(user, today: date) -> list[Offer]:
    """Return the suggestions for every routine of the person's done in the look-back.

    One query when none could earn one; else two more for the routines and their moves, and _offers'.
    """
    facts = _session_facts(user, today)
    ids = [pk for pk, sessions in facts.items() if pacing.may_suggest(sessions, today)]
    routines = list(Routine.objects.for_user(user).filter(pk__in=ids).with_items()) if ids else []
    return _offers(user, routines, facts, today)


def record(
    user, item: RoutineItem, field: str, old: int | None, new: int | None, *, source: str, reason: str,
    now: datetime, today: date, key: str = "",
) -> DoseChange:  # fmt: skip
    """Keep one change of one number of an item's dose, with its day and reason."""
    return DoseChange.objects.create(
        user=user,
        routine_id=item.routine_id,
        item=item,
        move_name=item.exercise.name[:120],
        field=field,
        old=old,
        new=new,
        source=source,
        reason=reason[:500],
        suggestion_key=key,
        changed_at=now,
        local_date=today,
    )


# Every number of an item's dose a hand edit may change; sides are kept as 0 (one side) or 1 (each side).
DOSE_FIELDS = (*dose.AMOUNT_FIELDS, "sets", "rest_seconds", "per_side")


def _number(value) -> int | None:
    return int(value) if isinstance(value, bool) else value


def record_hand_edit(user, item: RoutineItem, before: dict, now: datetime, today: date) -> int:
    """Keep each number of the item's dose that differs from `before` as changed by hand; return how many."""
    changed = 0
    for field in DOSE_FIELDS:
        old, new = _number(before.get(field)), _number(getattr(item, field))
        if old != new:
            record(
                user, item, field, old, new,
                source=DoseChange.Source.HAND, reason="Changed by hand in the routine builder.", now=now, today=today,
            )  # fmt: skip
            changed += 1
    return changed
