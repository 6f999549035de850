"""The Learn section: public articles from the documents, linked to moves and starters both ways."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from learn.models import Article
from routines.models import Exercise
from routines.sources import SOURCES_BY_KEY

FIXTURE = json.loads((Path(settings.BASE_DIR) / "fixtures" / "articles.json").read_text())
# The causes the documents describe and the topics the Learn section promises, each with an article.
PROMISED = {
    "arthritis",
    "gluteal-tendinopathy",
    "piriformis-syndrome",
    "hip-flexor-strain",
    "sciatica-and-stenosis",
    "sacroiliac-joint",
    "it-band",
    "leg-length",
    "sitting-and-posture",
    "stress-and-tension",
    "trigger-points-and-referred-pain",
    "where-it-hurts",
    "heat-and-cold",
    "stretching-and-strengthening",
}


def test_every_cause_and_topic_has_an_article():
    assert {row["fields"]["slug"] for row in FIXTURE} >= PROMISED


@pytest.mark.parametrize("row", FIXTURE, ids=[row["fields"]["slug"] for row in FIXTURE])
def test_each_article_names_known_sources_relates_to_the_library_and_has_no_empty_section(row):
    fields = row["fields"]
    assert fields["title"].strip() and fields["summary"].strip()
    assert fields["sources"], "an article says which document it comes from"
    assert set(fields["sources"]) <= set(SOURCES_BY_KEY), "every source is one of the project's documented sources"
    assert fields["moves"] or fields["starters"], "at least one related move or starter routine"
    assert fields["sections"]
    for section in fields["sections"]:
        assert section["heading"].strip()
        texts = section["paragraphs"] + section.get("points", [])
        assert texts and all(text.strip() for text in texts), f"empty text in “{section['heading']}”"
    words = sum(len(text.split()) for s in fields["sections"] for text in s["paragraphs"] + s.get("points", []))
    assert 60 <= words <= 700, "a few minutes to read"


def test_the_documents_facts_are_as_they_give_them():
    """Spot checks of numbers the articles repeat: a changed figure must be a deliberate change here too."""
    text = {row["fields"]["slug"]: json.dumps(row["fields"]["sections"], ensure_ascii=False) for row in FIXTURE}
    assert "10 to 15 minutes" in text["heat-and-cold"]
    assert "Don't use heat if there is swelling" in text["heat-and-cold"]
    assert "30 to 40 seconds" in text["stretching-and-strengthening"]
    assert "don't bounce" in text["stretching-and-strengthening"]
    assert "Stop if you feel any discomfort" in text["stretching-and-strengthening"]
    assert "4 in 10" in text["sciatica-and-stenosis"] and "about 90%" in text["sciatica-and-stenosis"]
    assert "two to three days" in text["heat-and-cold"]


def test_load_library_loads_the_articles_once_however_often_it_runs(library):
    count = Article.objects.count()
    assert count == len(FIXTURE)
    call_command("load_library", verbosity=0)
    assert Article.objects.count() == count
    glute_bridge = Exercise.objects.builtin().get(slug="glute-bridge")
    assert glute_bridge.articles.filter(slug="gluteal-tendinopathy").exists()


def test_the_list_is_public_and_links_every_article(client, library, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("learn:list"))
    assert response.status_code == 200
    for article in Article.objects.all():
        assert article.get_absolute_url() in response.content.decode()
    assert reverse("pages:safety") in response.content.decode()


def test_an_article_is_public_with_its_sources_caution_and_related_moves(client, library):
    article = Article.objects.get(slug="hip-flexor-strain")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "This is not a diagnosis" in text
    assert f'href="{reverse("pages:safety")}"' in text
    for key in article.sources:
        assert SOURCES_BY_KEY[key].title in text.replace("&#x27;", "'")
        assert f'{reverse("pages:sources")}#source-{key}"' in text
    assert reverse("library:detail", args=["kneeling-hip-flexor-stretch"]) in text
    assert reverse("routines:starters") + "#starter-" in text
    for section in article.sections:
        assert section["heading"] in text.replace("&#x27;", "'")


def test_an_unknown_article_is_a_404_and_posting_is_refused(client, library):
    assert client.get(reverse("learn:article", args=["no-such-article"])).status_code == 404
    assert client.post(reverse("learn:list")).status_code == 405
    assert client.post(reverse("learn:article", args=["arthritis"])).status_code == 405


def test_a_move_page_lists_the_articles_that_mention_it(client, library):
    response = client.get(reverse("library:detail", args=["glute-bridge"]))
    text = response.content.decode()
    assert "Read more" in text
    for article in Article.objects.filter(moves__slug="glute-bridge"):
        assert article.get_absolute_url() in text
    assert "Read more" not in client.get(reverse("library:detail", args=["camel-pose"])).content.decode()


def test_the_article_search_reads_what_a_reader_sees_not_how_it_is_stored(client, library):
    piriformis = reverse("learn:article", args=["piriformis-syndrome"])
    assert piriformis in client.get(reverse("library:list"), {"q": "PIRIFORMIS syndrome"}).content.decode()
    for stored_only in ("paragraphs", "heading", '"points"'):
        assert "From Learn" not in client.get(reverse("library:list"), {"q": stored_only}).content.decode()


def test_the_library_search_finds_articles_too(client, library):
    text = client.get(reverse("library:list"), {"q": "piriformis"}).content.decode()
    assert reverse("learn:article", args=["piriformis-syndrome"]) in text
    assert "From Learn" not in client.get(reverse("library:list")).content.decode()
    htmx = client.get(reverse("library:list"), {"q": "sciatica"}, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("learn:article", args=["sciatica-and-stenosis"]) in htmx
