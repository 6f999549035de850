from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from core.forms import posted, posted_files
from core.fragments import cached_each, cached_page
from learn.models import Article

from ..forms import CustomMoveForm, LibraryFilterForm
from ..models import BodyArea, Equipment, Exercise, Routine
from ..models.exercise import MAX_SEARCH_WORDS, new_custom_slug
from ..photos import CONTENT_TYPE, CleanPhoto, new_photo_name


def _with_related(queryset):
    return queryset.prefetch_related(
        Prefetch("areas", queryset=BodyArea.objects.order_by("name")),
        Prefetch("equipment", queryset=Equipment.objects.order_by("name")),
    )


def get_exercise_for_user(request: HttpRequest, slug: str) -> Exercise:
    """Return the person's own custom move, or 404 (built-in moves and others' moves included)."""
    return get_object_or_404(Exercise.objects.for_user(request.user), slug=slug)


def _delete_files_after_commit(*names: str) -> None:
    storage = Exercise._meta.get_field("photo").storage
    for name in filter(None, names):
        transaction.on_commit(lambda name=name: storage.delete(name))


def _save_move(form: CustomMoveForm, owner) -> Exercise:
    """Save the form's move; store a new photo, or drop the old one, removing replaced files."""
    exercise = form.save(commit=False)
    exercise.owner = owner
    if not exercise.slug:
        exercise.slug = new_custom_slug(exercise.name)
    old = (exercise.photo.name, exercise.photo_thumb.name)
    photo: CleanPhoto | None = form.clean_photo_data
    with transaction.atomic():
        if photo:
            exercise.photo.save(new_photo_name(), ContentFile(photo.full), save=False)
            exercise.photo_thumb.save(new_photo_name(), ContentFile(photo.thumb), save=False)
            _delete_files_after_commit(*old)
        elif form.cleaned_data.get("remove_photo"):
            exercise.photo = exercise.photo_thumb = ""
            _delete_files_after_commit(*old)
        exercise.save()
        form.save_m2m()
    return exercise


LIBRARY_PARAMS = list(LibraryFilterForm.base_fields)


def _is_search(request: HttpRequest) -> bool:
    return bool(request.GET.get("q", "").strip())


@require_GET
@vary_on_headers("HX-Request")
@cached_page(params=LIBRARY_PARAMS, apart=_is_search)
def library(request: HttpRequest) -> HttpResponse:
    """The library with its search; htmx asks for just the results (and their count, out of band)."""
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    name = "routines/library.html#results" if partial else "routines/library.html"
    return render(request, name, _library_context(request, oob=partial))


def _library_context(request: HttpRequest, oob: bool) -> dict:
    form = LibraryFilterForm(request.GET or None)
    exercises = Exercise.objects.visible_to(request.user)
    if form.is_bound:
        # A stale or mistyped filter is reported on the form; the valid ones still apply.
        form.is_valid()
        exercises = exercises.search(**form.cleaned_data)
    q = form.cleaned_data.get("q", "") if form.is_bound else ""
    # The search finds Learn articles too; the filters are about moves, so they only narrow those.
    articles = Article.objects.search(q).only("slug", "title", "summary") if q.strip() else []
    return {
        "form": form,
        "cards": _cards(request, exercises),
        "articles": articles,
        "filtered": form.is_bound,
        "oob": oob,
        "words_left_out": form.is_bound and form.words_left_out(),
        "max_words": MAX_SEARCH_WORDS,
    }


def _cards(request: HttpRequest, exercises) -> list:
    """Each move's card, in order. A built-in move's card is everyone's; a person's own move (only
    they see it) is theirs, as of their last change. Only moves whose card is not cached are loaded."""
    user = request.user

    def key(pk: int, owner_id: int | None) -> str:
        return f"builtin:{pk}" if owner_id is None else f"own:{user.pk}:{user.data_version}:{pk}"

    keyed = [(key(pk, owner_id), pk) for pk, owner_id in exercises.values_list("pk", "owner_id")]
    return cached_each(
        request,
        "routines/includes/exercise_card.html",
        "exercise",
        keyed,
        lambda pks: _with_related(Exercise.objects.filter(pk__in=pks)).in_bulk(),
    )


@require_GET
def exercise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    moves = _with_related(Exercise.objects.visible_to(request.user)).prefetch_related("articles")
    exercise = get_object_or_404(moves, slug=slug)
    return render(request, "routines/exercise_detail.html", {"exercise": exercise})


@require_http_methods(["GET", "POST"])
@login_required
def exercise_new(request: HttpRequest) -> HttpResponse:
    form = CustomMoveForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        exercise = _save_move(form, request.user)
        messages.success(request, f"Added “{exercise.name}” to your library.")
        return redirect(exercise)
    return render(request, "routines/exercise_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def exercise_edit(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_exercise_for_user(request, slug)
    form = CustomMoveForm(posted(request), posted_files(request), instance=exercise)
    if request.method == "POST" and form.is_valid():
        exercise = _save_move(form, request.user)
        messages.success(request, f"Saved “{exercise.name}”.")
        return redirect(exercise)
    return render(request, "routines/exercise_form.html", {"form": form, "exercise": exercise})


def _routines_using(exercise: Exercise, user) -> tuple[list[str], int]:
    """Return the names of the person's routines that use the move, and how many others do."""
    routines = Routine.objects.filter(items__exercise=exercise).distinct()
    own = list(routines.filter(owner=user).values_list("name", flat=True))
    return own, routines.exclude(owner=user).count()


@require_http_methods(["GET", "POST"])
@login_required
def exercise_delete(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_exercise_for_user(request, slug)
    if request.method == "POST":
        try:
            exercise.delete()  # its photo files go once the deletion is committed (models.exercise)
        except ProtectedError:
            messages.error(request, f"“{exercise.name}” is still in a routine, so it was not deleted.")
        else:
            messages.success(request, f"Deleted “{exercise.name}”.")
            return redirect("library:list")
    own, others = _routines_using(exercise, request.user)
    context = {"exercise": exercise, "in_routines": own, "in_other_routines": others, "in_use": len(own) + others}
    return render(request, "routines/exercise_confirm_delete.html", context)


@require_GET
@login_required
def exercise_photo(request: HttpRequest, slug: str, thumb: bool = False) -> FileResponse:
    """The photo of one's own custom move: only as WebP, never sniffed, never to anyone else."""
    exercise = get_exercise_for_user(request, slug)
    field = exercise.photo_thumb if thumb else exercise.photo
    if not field:
        raise Http404("This move has no photo.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("This move's photo is missing.") from None
    response = FileResponse(handle, content_type=CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=86400"
    return response
