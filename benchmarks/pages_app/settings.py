"""Production settings plus the floor view and the per-request query count (benchmarks/pages.py only)."""

from dundian.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.pages_app.urls"
# First: counts every query of the request, the other middleware's included, into X-Queries.
MIDDLEWARE = ["benchmarks.pages_app.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
