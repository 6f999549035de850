import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def keep_everyone_signed_in(apps, schema_editor):
    """Move the live sessions to the new rows, each naming its user, so nobody is signed out
    and no row is left behind that deleting an account would not find."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    OldSession = apps.get_model("sessions", "Session")
    BrowserSession = apps.get_model("accounts", "BrowserSession")
    users = set(apps.get_model("accounts", "User").objects.values_list("pk", flat=True))
    decode = SessionStore().decode  # the salt is the store class's name: SessionStore, as ours
    for old in OldSession.objects.filter(expire_date__gt=timezone.now()).iterator():
        user_id = decode(old.session_data).get(SESSION_KEY)
        BrowserSession.objects.create(
            session_key=old.session_key,
            session_data=old.session_data,
            expire_date=old.expire_date,
            user_id=int(user_id) if user_id and int(user_id) in users else None,
        )
    OldSession.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_rep_cue'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='BrowserSession',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='browser_sessions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(keep_everyone_signed_in, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='LoginSession',
        ),
    ]
