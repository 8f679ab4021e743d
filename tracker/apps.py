from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Job search tracker"

    def ready(self) -> None:
        from tracker import stage_log  # noqa: F401  (keeps each application's fold current)
