"""The one red-flag list: the check-in, the stop page and /safety/ show every flag with the same urgency."""

import re
from html import unescape

import pytest
from django.urls import reverse

from routines import safety
from routines.safety import IMMEDIATELY, RED_FLAGS, RIGHT_AWAY, SOON, TIERS
from routines.sources import SOURCES_BY_KEY

ALL_KEYS = [flag.key for flag in RED_FLAGS]


def tier_sections(html: str) -> dict[str, str]:
    """Each urgency's block of the page, by tier key, as the text a person reads."""
    blocks = re.findall(r'<(section|div) [^>]*data-tier="(\w+)"[^>]*>(.*?)</\1>', html, re.S)
    return {key: unescape(re.sub(r"<[^>]+>", " ", body)) for _, key, body in blocks}


def assert_each_flag_under_its_tier(html: str, flags) -> None:
    sections = tier_sections(html)
    assert list(sections) == [tier.key for tier, _ in safety.by_tier(flags)]
    for flag in flags:
        text = sections[flag.tier.key]
        assert flag.tier.title in text, flag.key
        assert flag.question in text, flag.key
        for other in TIERS:
            if other != flag.tier and other.key in sections:
                assert flag.question not in sections[other.key], f"{flag.key} also under {other.key}"


def test_the_check_in_lists_every_flag_under_its_urgency(alice_client, routine):
    html = alice_client.get(reverse("player:play", args=[routine.pk])).content.decode()
    assert_each_flag_under_its_tier(html, RED_FLAGS)


def test_the_safety_page_lists_every_flag_under_its_urgency_with_its_advice(client, db):
    html = client.get(reverse("pages:safety")).content.decode()
    assert_each_flag_under_its_tier(html, RED_FLAGS)
    sections = tier_sections(html)
    for flag in RED_FLAGS:
        assert flag.advice in sections[flag.tier.key], flag.key
    for tier in TIERS:
        assert tier.advice in sections[tier.key]


def test_the_stop_page_shows_all_the_flags_ticked_under_their_urgency(alice_client, routine):
    response = alice_client.post(reverse("player:play", args=[routine.pk]), {"pain": "2", "flags": ALL_KEYS})
    assert_each_flag_under_its_tier(response.content.decode(), RED_FLAGS)


@pytest.mark.parametrize("flag", [flag for flag in RED_FLAGS if flag.tier == IMMEDIATELY], ids=lambda flag: flag.key)
def test_an_immediately_flag_puts_calling_emergency_services_first(alice_client, routine, flag):
    # Less urgent signs are ticked as well: the emergency advice still comes first.
    data = {"pain": "6", "flags": ["injury", "chills", flag.key]}
    html = alice_client.post(reverse("player:play", args=[routine.pk]), data).content.decode()
    content = unescape(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]))
    assert content.split().index("Call") < 5, "the emergency heading opens the page"
    first = content.index(IMMEDIATELY.advice)
    assert "emergency number" in IMMEDIATELY.advice
    assert first < content.index(RIGHT_AWAY.title) < content.index(SOON.title)
    assert first < content.index(flag.question) and first < content.index("We have not started")


def test_a_less_urgent_flag_does_not_send_anyone_to_emergency_services(alice_client, routine):
    html = alice_client.post(reverse("player:play", args=[routine.pk]), {"pain": "2", "flags": ["injury"]})
    page = html.content.decode()
    assert SOON.title in page
    assert "emergency" not in page.lower()


def test_the_documents_immediately_and_right_away_signs_are_in_the_list():
    tiers = {flag.question.lower(): flag.tier for flag in RED_FLAGS}

    def tier_of(words: str):
        return [tier for question, tier in tiers.items() if words in question]

    for words in ["dizziness", "blurred vision", "shortness of breath", "chest pain", "racing heart", "nausea"]:
        assert tier_of(words) == [IMMEDIATELY], words
    assert tier_of("fever") == [IMMEDIATELY]
    for words in ["headache", "stiff neck", "chills", "bladder or bowels", "saddle area", "tingling in a leg"]:
        assert tier_of(words) == [RIGHT_AWAY], words
    assert tier_of("weakness anywhere else") == [RIGHT_AWAY]
    assert tier_of("a fall") == [SOON]


def test_the_questions_do_not_narrow_what_the_documents_say():
    for flag in RED_FLAGS:
        assert not re.search(r"\bnew\b", flag.question, re.I), flag.key
        assert "back pain" not in flag.question, flag.key
    assert "hip or back" in safety.FLAGS_BY_KEY["fever"].advice


def test_the_safety_page_says_what_else_the_documents_say(client, db):
    text = unescape(re.sub(r"<[^>]+>", " ", client.get(reverse("pages:safety")).content.decode()))
    text = " ".join(text.split())
    assert "weakness anywhere else in your body" in text
    assert "Check with your doctor before you start an exercise program, or a home remedy such as heat" in text
    assert "Having none of these signs does not rule out a serious cause" in text
    assert "appendicitis" in text and "front of the hip" in text


def test_every_sign_and_urgency_cites_a_known_source():
    for item in (*TIERS, *RED_FLAGS):
        assert item.sources and all(key in SOURCES_BY_KEY for key in item.sources), item.key
    assert all(key in SOURCES_BY_KEY for key in safety.source_keys())


def test_the_safety_page_names_its_sources_by_title_and_links_to_them(client, db):
    html = client.get(reverse("pages:safety")).content.decode()
    for key in safety.source_keys():
        assert SOURCES_BY_KEY[key].title in html
    assert f'href="{reverse("pages:sources")}"' in html
    assert ".txt" not in html
