"""The site's URLs plus the floor: the cheapest signed-in page the same server can serve."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    # Session, user and the middleware stack, as every page has; no queries of its own, no template.
    return HttpResponse(f"<!doctype html><title>floor</title><p>{request.user.username}</p>")


urlpatterns = [path("__bench__/floor/", floor), path("", include("dundian.urls"))]
