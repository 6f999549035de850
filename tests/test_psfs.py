"""The Patient-Specific Functional Scale: activities, ratings, when Today asks, what History says."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from routines import psfs
from routines.models import PsfsActivity, PsfsEntry, PsfsRating
from routines.models.psfs import set_activities

from .factories import TODAY, rated_on

pytestmark = pytest.mark.usefixtures("fixed_today")
ACTIVITIES = ["Sitting through a film", "Putting on socks", "Walking to the shops"]


def rate(client, ratings: list, back: str = "psfs"):
    activities = PsfsActivity.objects.current().filter(user__username="alice")
    data = {f"rating_{a.pk}": str(r) for a, r in zip(activities, ratings, strict=False)}
    return client.post(reverse("psfs:rate"), {**data, "back": back})


@pytest.fixture
def activities(alice):
    return set_activities(alice, ACTIVITIES)


# The rules, without a database


def entry(day: date, *ratings: tuple[int, int]) -> psfs.Scored:
    return psfs.Scored(0, day, tuple(psfs.Rating(pk, f"activity {pk}", r) for pk, r in ratings))


def test_the_score_is_the_mean_of_the_ratings():
    assert entry(TODAY, (1, 3), (2, 4), (3, 8)).score == 5
    assert psfs.score_text(entry(TODAY, (1, 3), (2, 4), (3, 6)).score) == "4.3"
    with pytest.raises(ValueError):
        psfs.mean([])


@pytest.mark.parametrize(
    "every, last, not_before, due",
    [
        (14, None, None, True),  # never rated: ask at once
        (14, TODAY - timedelta(days=13), None, False),
        (14, TODAY - timedelta(days=14), None, True),
        (7, TODAY - timedelta(days=7), None, True),
        (28, TODAY - timedelta(days=27), None, False),
        (28, TODAY - timedelta(days=28), None, True),
        (0, None, None, False),  # off
        (14, None, TODAY + timedelta(days=1), False),  # put off ("not now")
        (14, None, TODAY, True),
    ],
)
def test_a_rating_is_due_every_so_many_days(every, last, not_before, due):
    assert psfs.is_due(TODAY, every, last, not_before) is due


def test_a_change_of_two_points_in_the_mean_is_real_and_less_is_not():
    first = entry(TODAY, (1, 3), (2, 3), (3, 3))
    assert psfs.change(first, entry(TODAY, (1, 5), (2, 5), (3, 5))).real  # +2
    assert psfs.change(first, entry(TODAY, (1, 1), (2, 1), (3, 1))).real  # -2
    almost = psfs.change(first, entry(TODAY, (1, 5), (2, 5), (3, 4)))  # +1.7
    assert not almost.real
    words = " ".join(psfs.change_words(almost))
    assert "up 1.7 points" in words and "not yet a real change" in words


def test_a_single_activity_needs_three_points():
    first = entry(date(2026, 2, 18), (1, 3), (2, 5), (3, 5))
    later = entry(TODAY, (1, 6), (2, 5), (3, 5))  # the mean moves by 1, the first activity by 3
    words = psfs.change_words(psfs.change(first, later))
    assert "up 1 point," in words[0]
    assert words[-1] == (
        "“activity 1” went from 3 to 6: 3 points or more, a real change for the better in that activity."
    )
    two = psfs.change_words(psfs.change(first, entry(TODAY, (1, 5), (2, 5), (3, 5))))
    assert not any("activity 1" in line for line in two)


def test_scores_about_different_activities_are_not_compared():
    moved = psfs.change(entry(TODAY, (1, 2), (2, 2)), entry(TODAY, (1, 8), (3, 8)))
    assert not moved.comparable and not moved.real
    words = psfs.change_words(moved)
    assert "changed your activities" in words[0]
    assert "“activity 1” went from 2 to 8" in words[1]  # the activity kept is still compared


# Naming the activities


def test_naming_three_activities(alice_client, alice):
    response = alice_client.post(reverse("psfs:activities"), {"activities": [*ACTIVITIES]})
    assert response.status_code == 302
    assert [a.name for a in PsfsActivity.objects.for_user(alice).current()] == ACTIVITIES


@pytest.mark.parametrize(
    "names, message",
    [
        (["", "  ", ""], "Name at least one everyday activity"),
        ([*ACTIVITIES, "Lifting the shopping"], "Choose at most 3 activities; you gave 4."),
        (["x" * 81], "Activity 1 is 81 characters long; keep each to 80 characters or fewer."),
        (["Gardening", "a\x00b"], "Activity 2 holds a null character"),
        (["Gardening", "gardening "], "two of these are the same"),
    ],
)
def test_bad_activities_are_explained_and_nothing_is_saved(alice_client, alice, activities, names, message):
    response = alice_client.post(reverse("psfs:activities"), {"activities": names})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert [a.name for a in PsfsActivity.objects.for_user(alice).current()] == ACTIVITIES
    assert PsfsActivity.objects.for_user(alice).count() == 3


def test_changing_an_activity_keeps_what_earlier_scores_were_about(alice_client, alice, activities):
    old = rated_on(alice, TODAY - timedelta(days=14), [2, 4, 6])
    new_names = ["Walking to the shops", "Getting into the car", "Sitting through a film"]
    assert alice_client.post(reverse("psfs:activities"), {"activities": new_names}).status_code == 302
    current = list(PsfsActivity.objects.for_user(alice).current())
    assert [a.name for a in current] == new_names
    # Kept activities are the same ones (in their new place); the dropped one is retired, not gone.
    assert current[0].pk == activities[2].pk and current[2].pk == activities[0].pk
    assert PsfsActivity.objects.get(pk=activities[1].pk).retired_at is not None
    old.refresh_from_db()
    assert [(r.activity.name, r.rating) for r in old.ratings.order_by("position")] == [
        ("Sitting through a film", 2),
        ("Putting on socks", 4),
        ("Walking to the shops", 6),
    ]


def test_the_database_allows_no_fourth_current_activity(alice, activities):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PsfsActivity.objects.create(user=alice, name="Fourth", position=3)


# Rating them


def test_rating_saves_the_score_and_goes_back_to_today(alice_client, alice, activities):
    response = rate(alice_client, [3, 4, 6], back="today")
    assert response.status_code == 302 and response.url == reverse("today:index")
    saved = PsfsEntry.objects.for_user(alice).get()
    assert saved.local_date == TODAY
    assert round(saved.score, 2) == 4.33
    assert [r.rating for r in saved.ratings.order_by("position")] == [3, 4, 6]


@pytest.mark.parametrize(
    "ratings, message",
    [
        ([3, 4, 11], "Rate “Walking to the shops” with a whole number from 0 to 10."),
        ([3, -1, 6], "Rate “Putting on socks” with a whole number from 0 to 10."),
        ([3, "٤", 6], "Rate “Putting on socks” with a whole number from 0 to 10."),  # Arabic-Indic 4
        ([3, "4.5", 6], "Rate “Putting on socks” with a whole number from 0 to 10."),
        ([3, 4], "Rate “Walking to the shops” from 0 to 10."),
    ],
)
def test_bad_ratings_are_explained_and_nothing_is_saved(alice_client, alice, activities, ratings, message):
    response = rate(alice_client, ratings)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PsfsEntry.objects.exists() and not PsfsRating.objects.exists()


def test_rating_before_naming_activities_asks_for_them(alice_client, alice):
    response = alice_client.post(reverse("psfs:rate"), {"rating_1": "5"})
    assert response.status_code == 302 and response.url == reverse("psfs:activities")
    assert not PsfsEntry.objects.exists()


def test_correcting_and_deleting_an_entry(alice_client, alice, activities):
    saved = rated_on(alice, TODAY - timedelta(days=3), [1, 1, 1])
    url = reverse("psfs:edit", args=[saved.pk])
    assert "Your ratings of 1 March 2026" in alice_client.get(url).content.decode()
    data = {f"rating_{a.pk}": "7" for a in activities}
    assert alice_client.post(url, data).status_code == 302
    saved.refresh_from_db()
    assert saved.local_date == TODAY - timedelta(days=3) and saved.score == 7
    bad = alice_client.post(url, {**data, f"rating_{activities[0].pk}": "12"})
    assert bad.status_code == 200 and saved.score == 7
    assert alice_client.post(reverse("psfs:delete", args=[saved.pk])).status_code == 302
    assert not PsfsEntry.objects.exists() and PsfsActivity.objects.count() == 3


def test_pages_need_a_login_and_the_right_method(client, alice_client, activities):
    for name in ("psfs:index", "psfs:activities", "psfs:export_csv"):
        response = client.__class__().get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert alice_client.get(reverse("psfs:rate")).status_code == 405
    assert alice_client.get(reverse("psfs:later")).status_code == 405
    assert alice_client.post(reverse("psfs:index")).status_code == 405
    assert alice_client.post(reverse("psfs:export_csv")).status_code == 405


def test_another_persons_entry_is_not_found(client, alice, bob, activities):
    saved = rated_on(alice, TODAY, [5, 5, 5])
    client.force_login(bob)
    for name in ("psfs:edit", "psfs:delete"):
        assert client.get(reverse(name, args=[saved.pk])).status_code == 404
        assert client.post(reverse(name, args=[saved.pk]), {}).status_code == 404
    assert PsfsEntry.objects.get(pk=saved.pk).score == 5


# Today asks when due


def prompt(client) -> str:
    html = client.get(reverse("today:index")).content.decode()
    return html[html.index('id="psfs-prompt"') :] if 'id="psfs-prompt"' in html else ""


def test_today_asks_for_activities_at_the_start(alice_client, alice):
    shown = prompt(alice_client)
    assert "What does your pain make hard?" in shown and 'name="activities"' in shown


def test_today_asks_for_a_rating_every_fourteen_days_by_default(alice_client, alice, activities, settings):
    shown = prompt(alice_client)
    assert "How are your activities going?" in shown
    for name in ACTIVITIES:
        assert f"<legend>{name}</legend>" in shown
    rate(alice_client, [3, 4, 6], back="today")
    assert prompt(alice_client) == ""
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=13)
    assert prompt(alice_client) == ""
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=14)
    assert "How are your activities going?" in prompt(alice_client)


@pytest.mark.parametrize("every, asks_after", [(7, 7), (28, 28)])
def test_the_interval_follows_the_setting(alice_client, alice, activities, settings, every, asks_after):
    alice.psfs_every_days = every
    alice.save()
    rated_on(alice, TODAY, [5, 5, 5])
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=asks_after - 1)
    assert prompt(alice_client) == ""
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=asks_after)
    assert prompt(alice_client) != ""


def test_off_never_asks(alice_client, alice, activities):
    alice.psfs_every_days = 0
    alice.save()
    assert prompt(alice_client) == ""


def test_not_now_puts_the_prompt_off_for_three_days(alice_client, alice, activities, settings):
    assert alice_client.post(reverse("psfs:later")).status_code == 302
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=2)
    assert prompt(alice_client) == ""
    settings.LIMBER_TODAY_OVERRIDE = TODAY + timedelta(days=3)
    assert prompt(alice_client) != ""


# History and the exports


def test_history_says_whether_the_latest_change_is_real(alice_client, alice, activities):
    page = alice_client.get(reverse("history:index")).content.decode()
    assert "Name your activities" in page  # first use of History asks for them
    rated_on(alice, TODAY - timedelta(days=28), [2, 3, 4])
    rated_on(alice, TODAY - timedelta(days=14), [3, 3, 4])
    page = alice_client.get(reverse("history:index")).content.decode()
    assert "Your score went up 0.4 points, from 3 on 18 Feb 2026 to 3.3 on 4 Mar 2026." not in page
    assert "Your score went up 0.3 points, from 3 on 4 Feb 2026 to 3.3 on 18 Feb 2026." in page
    assert "not yet a real change" in page
    rated_on(alice, TODAY, [6, 6, 4])
    page = alice_client.get(reverse("history:index")).content.decode()
    assert "Your score went up 2 points, from 3.3 on 18 Feb 2026 to 5.3 on 4 Mar 2026." in page
    assert "a real change for the better" in page
    assert "“Sitting through a film” went from 3 to 6" in page
    assert "Stratford et al. 1995" in page
    assert 'id="psfs-chart"' in page and 'class="band"' in page


def test_the_ratings_download_as_csv(alice_client, alice, activities):
    set_activities(alice, ["=HYPERLINK()", *ACTIVITIES[1:]])
    rated_on(alice, TODAY, [3, 4, 6])
    response = alice_client.get(reverse("psfs:export_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "score", "activity_number", "activity", "rating"]
    assert rows[1] == ["2026-03-04", "4.33", "1", "'=HYPERLINK()", "3"]
    assert rows[3] == ["2026-03-04", "4.33", "3", "Walking to the shops", "6"]


def test_the_json_export_holds_activities_and_ratings(alice_client, alice, bob, activities):
    rated_on(alice, TODAY, [3, 4, 6])
    set_activities(alice, ACTIVITIES[:2])
    data = json.loads(alice_client.get(reverse("accounts:export")).content)
    assert data["preferences"]["psfs_every_days"] == 14
    assert [(a["name"], a["retired_at"] is not None) for a in data["psfs"]["activities"]] == [
        ("Sitting through a film", False),
        ("Putting on socks", False),
        ("Walking to the shops", True),
    ]
    (saved,) = data["psfs"]["entries"]
    assert saved["date"] == "2026-03-04" and saved["score"] == 4.33
    assert [r["rating"] for r in saved["ratings"]] == [3, 4, 6]


def test_deleting_the_account_takes_the_ratings_with_it(alice, activities):
    rated_on(alice, TODAY, [3, 4, 6])
    alice.delete()
    assert not PsfsActivity.objects.exists() and not PsfsRating.objects.exists()
