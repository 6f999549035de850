from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from routines.models.exercise import matches_every, search_words

from . import suggest


def section_texts(sections: list[dict]) -> list[str]:
    """Return the words a reader sees in an article's sections: headings, paragraphs, points."""
    texts = []
    for section in sections:
        texts.append(section.get("heading", ""))
        texts.extend(section.get("paragraphs", []))
        texts.extend(section.get("points", []))
    return texts


class ArticleManager(models.Manager):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def search(self, q: str) -> models.QuerySet:
        """Return the articles whose title, summary or text hold every word of `q` (its first few
        different words, as the library searches them), matched as the library's moves are."""
        words = search_words(q)
        articles = self.all()
        if not words:
            return articles
        hits = [
            pk
            for pk, title, summary, sections in articles.values_list("pk", "title", "summary", "sections")
            if matches_every(words, [title, summary, *section_texts(sections)])
        ]
        return articles.filter(pk__in=hits)


class Article(models.Model):
    """A short Learn article, built in from fixtures/articles.json by load_library."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    # [{"heading": "...", "paragraphs": ["...", ...], "points": ["...", ...]}, ...]
    sections = models.JSONField(default=list)
    # The source documents' keys, as routines.sources names them.
    sources = models.JSONField(default=list)
    moves = models.ManyToManyField("routines.Exercise", related_name="articles", blank=True)
    starters = models.ManyToManyField("routines.Routine", related_name="articles", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ArticleManager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learn:article", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class FirstVisitQuerySet(models.QuerySet):
    def for_user(self, user) -> "FirstVisitQuerySet":
        return self.filter(user=user)

    def latest_for(self, user) -> "FirstVisit | None":
        return self.for_user(user).order_by("-created_at", "-pk").first()


class FirstVisit(models.Model):
    """One run of the first-visit questions; a redo adds a new one, so earlier answers stay."""

    class Flags(models.TextChoices):
        NONE = "none", "None apply"
        SOME = "some", "One applies"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="first_visits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    flags = models.CharField(max_length=10, choices=Flags.choices)
    red_flags = models.JSONField(default=list, blank=True, help_text="Codes of the red flags that apply.")
    areas = models.JSONField(default=list, blank=True)
    worse = models.JSONField(default=list, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    equipment = models.JSONField(default=list, blank=True)
    answered = models.BooleanField(default=False, help_text="The four questions after the red flags were sent.")
    routine = models.ForeignKey("routines.Routine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    schedule = models.ForeignKey(
        "routines.Schedule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FirstVisitQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(name="first_visit_pain_0_to_10", condition=Q(pain__lte=10))]

    def __str__(self) -> str:
        return f"First visit of {self.user} on {self.created_at:%Y-%m-%d}"

    @property
    def stopped(self) -> bool:
        return self.flags == self.Flags.SOME

    def answers(self) -> suggest.Answers:
        return suggest.Answers(
            areas=frozenset(self.areas),
            worse=frozenset(self.worse),
            pain=self.pain,
            equipment=frozenset(self.equipment),
        )

    def report_lines(self) -> list[tuple[str, str]]:
        """Return the answers as (question, answer in words) pairs, for the clinician report's first page."""
        flags = {self.Flags.NONE: "None applied", self.Flags.SKIPPED: "Not answered"}.get(self.flags, "One applied")
        return [("Red flags", flags), *suggest.describe(self.answers())]
