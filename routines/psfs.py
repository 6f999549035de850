"""The Patient-Specific Functional Scale's rules: the score, when it is due, and what a change means.

Plain values in and out, so the rules are pinned down without a database. A score is
the mean of an entry's ratings (0 = unable to do the activity, 10 = able to do it as
before the problem). Stratford et al. (1995) give the smallest change that is more than
the scale's own wobble from one rating to the next: 2 points for the mean of the
activities and 3 points for a single activity.
"""

from dataclasses import dataclass
from datetime import date, timedelta

MDC_MEAN = 2
MDC_ACTIVITY = 3
SOURCE = "Stratford et al. 1995"
# "Not now" on Today's prompt asks again after this many days.
LATER_DAYS = 3


@dataclass(frozen=True)
class Rating:
    activity_id: int
    activity: str
    rating: int


@dataclass(frozen=True)
class Scored:
    pk: int
    day: date
    ratings: tuple[Rating, ...]

    @property
    def score(self) -> float:
        return mean([r.rating for r in self.ratings])

    @property
    def activity_ids(self) -> frozenset[int]:
        return frozenset(r.activity_id for r in self.ratings)


@dataclass(frozen=True)
class ActivityChange:
    activity: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before

    @property
    def real(self) -> bool:
        return abs(self.delta) >= MDC_ACTIVITY


@dataclass(frozen=True)
class Change:
    before: Scored
    after: Scored
    comparable: bool  # the same activities were rated both times
    activities: tuple[ActivityChange, ...]  # the activities rated both times

    @property
    def delta(self) -> float:
        return round(self.after.score, 1) - round(self.before.score, 1)

    @property
    def real(self) -> bool:
        return self.comparable and abs(round(self.delta, 1)) >= MDC_MEAN


def mean(ratings: list[int]) -> float:
    """Return the mean of the ratings (the PSFS score); raises ValueError on no ratings."""
    if not ratings:
        raise ValueError("a PSFS score needs at least one rating")
    return sum(ratings) / len(ratings)


def score_text(value: float) -> str:
    """Return a score with one decimal, without ".0": 6.3, 7."""
    return f"{value:.1f}".removesuffix(".0")


def is_due(today: date, every_days: int, last_day: date | None, not_before: date | None = None) -> bool:
    """Return whether Today should ask for a rating: never when off (0) or put off, at once before the first."""
    if every_days == 0 or (not_before is not None and today < not_before):
        return False
    return last_day is None or today >= last_day + timedelta(days=every_days)


def next_due(every_days: int, last_day: date | None) -> date | None:
    """Return the day the next rating is due (None when off or never rated)."""
    if every_days == 0 or last_day is None:
        return None
    return last_day + timedelta(days=every_days)


def change(before: Scored, after: Scored) -> Change:
    """Return how the score and each activity rated both times moved from one entry to another."""
    earlier = {r.activity_id: r for r in before.ratings}
    moved = tuple(
        ActivityChange(r.activity, earlier[r.activity_id].rating, r.rating)
        for r in after.ratings
        if r.activity_id in earlier
    )
    return Change(before, after, before.activity_ids == after.activity_ids, moved)


def _points(value: float) -> str:
    value = abs(value)
    return f"{score_text(value)} point{'' if value == 1 else 's'}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def change_words(moved: Change) -> list[str]:
    """Return, in plain sentences, how the score changed and whether that is a real change."""
    if not moved.comparable:
        lines = [
            f"You changed your activities between {_day(moved.before.day)} and {_day(moved.after.day)}, "
            "so those two scores are about different things and are not compared."
        ]
    else:
        before, after = round(moved.before.score, 1), round(moved.after.score, 1)
        if before == after:
            lines = [f"Your score stayed at {score_text(after)} out of 10 since {_day(moved.before.day)}."]
        else:
            way = "up" if after > before else "down"
            lines = [
                f"Your score went {way} {_points(moved.delta)}, from {score_text(before)} on "
                f"{_day(moved.before.day)} to {score_text(after)} on {_day(moved.after.day)}."
            ]
        if moved.real:
            better = "better" if after > before else "worse"
            lines.append(
                f"That is {MDC_MEAN} points or more: a real change for the {better}, "
                "bigger than a score moves by chance from one rating to the next."
            )
        else:
            lines.append(
                f"A change under {MDC_MEAN} points can happen by chance from one rating to the next, "
                "so this is not yet a real change."
            )
    for item in moved.activities:
        if item.real:
            better = "better" if item.delta > 0 else "worse"
            lines.append(
                f"“{item.activity}” went from {item.before} to {item.after}: {MDC_ACTIVITY} points or more, "
                f"a real change for the {better} in that activity."
            )
    return lines


@dataclass(frozen=True)
class Summary:
    entries: list[Scored]
    latest_change: Change | None
    since_first: Change | None
    next_due: date | None

    @property
    def latest(self) -> Scored | None:
        return self.entries[-1] if self.entries else None

    @property
    def words(self) -> list[str]:
        if self.latest_change is None:
            if self.latest is None:
                return []
            return [
                f"Your first score is {score_text(self.latest.score)} out of 10. "
                "Rate again later to see whether it changes."
            ]
        return change_words(self.latest_change)

    @property
    def since_first_words(self) -> str:
        """Return one sentence on the change since the first rating, when that is not the latest change."""
        moved = self.since_first
        if moved is None or not moved.comparable:
            return ""
        verdict = "a real change" if moved.real else f"under {MDC_MEAN} points, not a real change"
        return (
            f"Since your first rating on {_day(moved.before.day)}: {score_text(round(moved.before.score, 1))} → "
            f"{score_text(round(moved.after.score, 1))} ({verdict})."
        )


def summary(entries: list[Scored], every_days: int) -> Summary:
    """Return the entries (oldest first) with the latest change, the change since the first and the next due day."""
    latest_change = change(entries[-2], entries[-1]) if len(entries) >= 2 else None
    since_first = change(entries[0], entries[-1]) if len(entries) >= 3 else None
    last_day = entries[-1].day if entries else None
    return Summary(entries, latest_change, since_first, next_due(every_days, last_day))


def _signed(value: float) -> str:
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{score_text(abs(round(value, 1)))}"


def _compare_words(label: str, moved: Change) -> str:
    before, after = round(moved.before.score, 1), round(moved.after.score, 1)
    span = f"{score_text(before)} on {_day(moved.before.day)} → {score_text(after)} on {_day(moved.after.day)}"
    if not moved.comparable:
        return f"{label}: {span}; the activities changed in between, so the two scores are not compared."
    verdict = (
        f"a real change (at least the minimal detectable change of {MDC_MEAN} points, {SOURCE})"
        if moved.real
        else f"under the minimal detectable change of {MDC_MEAN} points ({SOURCE}), so not a real change"
    )
    return f"{label}: {span} ({_signed(moved.delta)}), {verdict}."


def report_words(summary: Summary) -> list[str]:
    """Return what the scores say, for a clinician reading the report (in the third person)."""
    if summary.latest is None:
        return ["No ratings in this period."]
    if summary.latest_change is None:
        latest = summary.latest
        return [f"One rating in this period: {score_text(latest.score)} out of 10 on {_day(latest.day)}."]
    lines = [_compare_words("Latest change", summary.latest_change)]
    if summary.since_first is not None:
        lines.append(_compare_words("Over the period", summary.since_first))
    for item in summary.latest_change.activities:
        if item.real:
            lines.append(
                f"“{item.activity}”: {item.before} → {item.after} ({_signed(item.delta)}), "
                f"a real change in that activity (at least {MDC_ACTIVITY} points)."
            )
    return lines
