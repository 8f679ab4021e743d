from django.db import migrations, models


def store_features_of_ready_builds(apps, schema_editor):
    """Work out the features of every build made ready before they were stored, from its
    stored plan, report and inventory, so résumés already sent count on the dashboard."""
    from resumes.version_features import features_of_stored

    ResumeBuild = apps.get_model("resumes", "ResumeBuild")
    ready = ResumeBuild.objects.filter(
        status="ready", features__isnull=True, plan__isnull=False, report__isnull=False
    ).only("pk", "plan", "report", "inventory_snapshot")
    for build in ready.iterator(chunk_size=100):
        features = features_of_stored(build.plan, build.report, build.inventory_snapshot)
        if features is not None:
            ResumeBuild.objects.filter(pk=build.pk).update(features=features.to_dict())


class Migration(migrations.Migration):

    dependencies = [
        ('resumes', '0010_bullet_notes'),
    ]

    operations = [
        migrations.AddField(
            model_name='resumebuild',
            name='features',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(store_features_of_ready_builds, migrations.RunPython.noop),
    ]
