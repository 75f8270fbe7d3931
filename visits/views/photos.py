"""Visit photos are private: served only through a view that checks who may see the visit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..models import Visit, VisitPhoto
from ..services import CANNOT_EDIT_MESSAGE, delete_photo


@login_required
def photo(request, pk):
    item = get_object_or_404(VisitPhoto.objects.visible_to(request.user), pk=pk)
    try:
        handle = item.image.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("照片文件不存在") from exc
    response = FileResponse(handle, content_type="image/jpeg")
    # Private to this browser: no shared proxy may keep a copy.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def photo_delete(request, pk, photo_pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    if not visit.can_edit(request.user):
        raise PermissionDenied(CANNOT_EDIT_MESSAGE)
    item = get_object_or_404(visit.photos, pk=photo_pk)
    delete_photo(item)
    messages.success(request, "照片已删除。")
    return redirect("visits:detail", pk=visit.pk)
