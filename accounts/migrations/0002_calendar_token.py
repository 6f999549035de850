# Adds each person's private calendar feed token: added empty, filled with a
# distinct token per existing account, then made unique and required.

from django.db import migrations, models

import accounts.tokens


def fill_tokens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(calendar_token="").only("pk"):
        user.calendar_token = accounts.tokens.new_calendar_token()
        user.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(
                default=accounts.tokens.new_calendar_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
