"""Notifications to applicants move to the notification service (ansinh.notify.Message): rows copied, then the
procedures table dropped. Reversible: the copy goes back."""

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("procedures", "Notification")
    Message = apps.get_model("notify", "Message")
    Message.objects.bulk_create([
        Message(topic=f"dossier.{n.kind}", text=n.text, url="/portal/", person_id=n.person_id,
                employer_id=n.employer_id, dossier_id=n.dossier_id, created_at=n.created_at, read_at=n.read_at)
        for n in Old.objects.all().iterator() if n.person_id or n.employer_id
    ], batch_size=2000)


def backward(apps, schema_editor):
    Old = apps.get_model("procedures", "Notification")
    Message = apps.get_model("notify", "Message")
    Old.objects.bulk_create([
        Old(kind=m.topic.removeprefix("dossier."), text=m.text[:500], person_id=m.person_id,
            employer_id=m.employer_id, dossier_id=m.dossier_id, created_at=m.created_at, read_at=m.read_at)
        for m in Message.objects.filter(dossier__isnull=False).iterator()
    ], batch_size=2000)
    Message.objects.filter(dossier__isnull=False).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("procedures", "0001_initial"),
        ("notify", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="Notification"),
    ]
