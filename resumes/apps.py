from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = "Résumés"

    def ready(self) -> None:
        from resumes import signals  # noqa: F401 - connects the receivers
        from resumes.panels import application_resumes
        from resumes.services import capture_clipped_posting
        from tracker.panels import register_application_panel
        from tracker.posting_capture import register_posting_capture

        register_application_panel(application_resumes)
        # A job saved from its page keeps its posting here, for tailoring.
        register_posting_capture(capture_clipped_posting)
