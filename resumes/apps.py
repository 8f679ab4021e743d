from django.apps import AppConfig


class ResumesConfig(AppConfig):
    name = "resumes"
    verbose_name = "Résumés"

    def ready(self) -> None:
        from resumes import signals  # noqa: F401 - connects the receivers
        from resumes.interview_prep import interview_prep_resume
        from resumes.panels import application_resumes
        from resumes.sent_versions import sent_resumes_of
        from resumes.services import capture_clipped_posting
        from tracker.panels import register_application_panel, register_interview_prep_panel
        from tracker.posting_capture import register_posting_capture
        from tracker.sent_resumes import register_sent_resumes

        register_application_panel(application_resumes)
        register_interview_prep_panel(interview_prep_resume)
        # A job saved from its page keeps its posting here, for tailoring.
        register_posting_capture(capture_clipped_posting)
        # The dashboard's "What works" compares the versions sent.
        register_sent_resumes(sent_resumes_of)
