"""/api/v1/ (tokens), /api/schema/ (OpenAPI 3) and /api/docs/ (the reference page, offline)."""

from django.db import transaction
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import aggregates, tickets, yanhe_cases

app_name = "api"

urlpatterns = [
    path("v1/tickets/", tickets.ticket_list, name="ticket_list"),
    path("v1/tickets/<str:code>", tickets.ticket_detail, name="ticket_detail"),
    path("v1/yanhe-cases/<str:case_number>", yanhe_cases.yanhe_case, name="yanhe_case"),
    path("v1/aggregates/coverage/", aggregates.coverage, name="aggregate_coverage"),
    path("v1/aggregates/tickets/", aggregates.tickets, name="aggregate_tickets"),
    # Built from the code alone: no transaction, no database (the schema loads even with the database down).
    path("schema/", transaction.non_atomic_requests(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", transaction.non_atomic_requests(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
]
