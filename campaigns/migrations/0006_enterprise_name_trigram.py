"""Enterprise names searched by a part of the name (the ticket list, the enterprise list): a trigram index."""

from django.db import migrations

from dundian.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_dated_team_membership")]

    operations = [
        trigram_indexes(("enterprise_search_name_trgm", "campaigns_enterprise", "name")),
    ]
