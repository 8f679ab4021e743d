from django.conf import settings
from django.db import migrations, models


def fail_duplicate_live_builds(apps, schema_editor):
    """Two requests at once could make two live builds of the same inputs. Keep one per
    input — the one sent with an application, else a ready one, else the oldest — and mark
    the others failed with the reason, so the constraint below can hold. Nothing is deleted."""
    ResumeBuild = apps.get_model("resumes", "ResumeBuild")
    live = ResumeBuild.objects.exclude(status="failed").order_by("pk")
    groups: dict[tuple, list] = {}
    for build in live.only("pk", "owner_id", "posting_id", "input_hash", "status", "sent_with"):
        groups.setdefault((build.owner_id, build.posting_id, build.input_hash), []).append(build)
    for builds in groups.values():
        if len(builds) < 2:
            continue
        keep = min(builds, key=lambda b: (b.sent_with_id is None, b.status != "ready", b.pk))
        for build in builds:
            if build.pk != keep.pk:
                ResumeBuild.objects.filter(pk=build.pk).update(
                    status="failed",
                    error=f"An identical build (#{keep.pk}) was made at the same time; "
                    "that one is kept.",
                )


class Migration(migrations.Migration):
    dependencies = [
        ("resumes", "0006_importdraft_read_by_worker"),
        ("tracker", "0006_csv_import_on_a_worker"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fail_duplicate_live_builds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="resumebuild",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "failed"), _negated=True),
                fields=("owner", "posting", "input_hash"),
                name="one_live_build_per_input",
            ),
        ),
    ]
