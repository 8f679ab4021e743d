from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = "Résumés"

    def ready(self) -> None:
        from resumes import signals  # noqa: F401 - connects the receivers
        from resumes.panels import application_resumes
        from tracker.panels import register_application_panel

        register_application_panel(application_resumes)
