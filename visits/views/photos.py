"""Visit photos are private: served only through a view that checks who may see the visit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ops.files import serve_private_file

from ..models import Visit, VisitPhoto
from ..services import CANNOT_EDIT_MESSAGE, delete_photo


@login_required
def photo(request, pk):
    item = get_object_or_404(VisitPhoto.objects.visible_to(request.user), pk=pk)
    # Streamed from the storage (local folder or bucket), or a short-lived signed URL.
    # Private to this browser: no shared proxy may keep a copy.
    return serve_private_file(
        item.image, content_type="image/jpeg", cache_control="private, max-age=3600", missing_message="照片文件不存在"
    )


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
