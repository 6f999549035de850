"""The source documents, by readable title: the /sources/ page and where it is linked from."""

from django.urls import reverse

from routines.sources import SOURCES


def test_the_sources_page_lists_every_document_by_title_with_what_it_covers(client, db):
    response = client.get(reverse("pages:sources"))
    assert response.status_code == 200
    html = response.content.decode()
    for source in SOURCES:
        assert source.title in html
        assert source.about.replace("'", "&#x27;") in html
    assert ".txt" not in html


def test_the_footer_links_to_the_sources(client, db):
    assert f'href="{reverse("pages:sources")}"' in client.get(reverse("pages:home")).content.decode()


def test_the_sources_page_refuses_posts(client, db):
    assert client.post(reverse("pages:sources")).status_code == 405
