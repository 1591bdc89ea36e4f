from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0001_initial"),
        ("accounts", "0002_delete_invitation"),
    ]

    operations = [
        migrations.AlterModelTable(name="invitation", table=None),
    ]
