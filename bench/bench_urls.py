"""The site's URLs plus the benchmark's baseline: a trivial view behind the same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def baseline(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("newsroom.urls")),
]
