from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import Routine
from ..timeline import total_seconds


@require_GET
@login_required
def play(request: HttpRequest, pk: int) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.for_user(request.user).with_items(), pk=pk)
    steps = routine.timeline(request.user.lead_in_seconds)
    return render(request, "routines/play.html", {"routine": routine, "steps": steps, "total": total_seconds(steps)})
