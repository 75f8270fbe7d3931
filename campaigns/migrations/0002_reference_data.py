from django.db import migrations


def load_reference_data(apps, schema_editor):
    from campaigns.reference import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
