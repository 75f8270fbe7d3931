"""/api/v1/ (tokens), /api/schema/ (OpenAPI 3) and /api/docs/ (the reference page, offline)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import aggregates, tickets

app_name = "api"

urlpatterns = [
    path("v1/tickets/", tickets.ticket_list, name="ticket_list"),
    path("v1/tickets/<str:code>", tickets.ticket_detail, name="ticket_detail"),
    path("v1/aggregates/coverage/", aggregates.coverage, name="aggregate_coverage"),
    path("v1/aggregates/tickets/", aggregates.tickets, name="aggregate_tickets"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
