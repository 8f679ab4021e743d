import io
import re

import docx
from django.urls import reverse

from resumes import services
from resumes.models import Basics, Posting, ResumeBuild
from resumes.tailoring.report import BuildReport
from resumes.tailoring.rules import load_rules
from tests.factories import make_application
from tests.resumes.factories import make_inventory, make_posting

HTMX_BODY = {"HX-Request": "true", "HX-Target": "build-body"}


def test_posting_pasted_is_kept_verbatim_and_shown_escaped(alice_client, alice):
    text = "<script>alert('x')</script>\n  Requirements:\n\t- Python  "

    alice_client.post(reverse("resumes:posting_create"), {"text": text, "title": "MLE"})
    posting = Posting.objects.get(owner=alice)
    page = alice_client.get(posting.get_absolute_url()).content.decode()

    assert posting.text == text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_posting_form_needs_text_or_url(alice_client):
    response = alice_client.post(reverse("resumes:posting_create"), {"title": "MLE"})

    assert "Paste the posting" in response.content.decode()


def test_posting_form_prefills_from_application(alice_client, alice):
    application = make_application(alice, role_title="Quant", posting_text="Do maths")

    response = alice_client.get(
        reverse("resumes:posting_create") + f"?application={application.pk}"
    )

    form = response.context["form"]
    assert (form.initial["title"], form.initial["text"]) == ("Quant", "Do maths")


def test_posting_form_other_users_application_is_404(alice_client, bob):
    application = make_application(bob)

    response = alice_client.get(
        reverse("resumes:posting_create") + f"?application={application.pk}"
    )

    assert response.status_code == 404


def test_build_request_view_creates_build_and_redirects(
    alice_client, alice, django_capture_on_commit_callbacks
):
    make_inventory(alice)
    posting = make_posting(alice)

    with django_capture_on_commit_callbacks(execute=False):
        response = alice_client.post(
            reverse("resumes:build_request", args=[posting.pk]),
            {"page_limit": "1", "exclude_sections": ["Publications"]},
        )

    build = ResumeBuild.objects.get(owner=alice)
    assert response["Location"] == build.get_absolute_url()
    assert build.options["page_limit"] == 1
    assert build.options["exclude_sections"] == ["Publications"]


def test_build_status_partial_polls_while_queued(alice_client, alice):
    make_inventory(alice)
    build = services.request_resume_build(user=alice, posting=make_posting(alice))

    response = alice_client.get(build.get_absolute_url(), headers=HTMX_BODY)

    body = response.content.decode().lstrip()
    assert body.startswith('<div id="build-body"')
    assert 'hx-trigger="every 1s"' in body
    assert "<html" not in body


def test_build_page_when_ready_stops_polling_and_explains(alice_client, ready_build):
    response = alice_client.get(ready_build.get_absolute_url(), headers=HTMX_BODY)

    body = response.content.decode()
    assert "hx-trigger" not in body
    assert "Download DOCX" in body
    assert "Must have" in body
    assert "Real gaps" in body
    assert "Postdoctoral Researcher" in body  # the preview
    assert 'name="pinned"' in body


def test_build_download_returns_the_stored_docx(alice_client, ready_build):
    response = alice_client.get(reverse("resumes:build_download", args=[ready_build.pk]))

    content = b"".join(response.streaming_content)
    document = docx.Document(io.BytesIO(content))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert any(p.text == "Experience" for p in document.paragraphs)


def test_the_cover_letter_downloads_beside_the_resume(alice_client, ready_build):
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()
    url = reverse("resumes:build_cover_letter_download", args=[ready_build.pk])

    response = alice_client.get(url)

    assert url in page
    assert 'id="cover-letter"' in page
    assert response["Content-Disposition"].endswith('-cover-letter.docx"')
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Dear " in text
    assert "Reimplemented two samplers in PyTorch" in text or "Ran 12,000" in text
    assert document.core_properties.title.endswith("Cover letter")


def test_another_persons_cover_letter_is_404(bob_client, ready_build):
    url = reverse("resumes:build_cover_letter_download", args=[ready_build.pk])

    assert bob_client.get(url).status_code == 404


def test_a_build_made_before_cover_letters_shows_without_one(alice_client, ready_build):
    ResumeBuild.objects.filter(pk=ready_build.pk).update(cover_letter=None, cover_letter_file="")
    url = reverse("resumes:build_cover_letter_download", args=[ready_build.pk])

    page = alice_client.get(ready_build.get_absolute_url()).content.decode()

    assert 'id="cover-letter"' not in page
    assert "Scores by category" in page
    assert alice_client.get(url).status_code == 404


def test_build_download_not_ready_is_404(alice_client, alice):
    make_inventory(alice)
    build = services.request_resume_build(user=alice, posting=make_posting(alice))

    assert alice_client.get(reverse("resumes:build_download", args=[build.pk])).status_code == 404


def test_mark_sent_links_the_version_to_the_application(alice_client, ready_build):
    alice_client.post(reverse("resumes:build_mark_sent", args=[ready_build.pk]))

    ready_build.refresh_from_db()
    assert ready_build.sent_with == ready_build.posting.application
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()
    assert "Sent with" in page


def test_diff_between_two_versions(alice_client, alice, ready_build):
    newer = services.request_resume_build(
        user=alice, posting=ready_build.posting, options={"exclude_sections": ["Publications"]}
    )
    services.run_resume_build(build_id=newer.pk)

    response = alice_client.get(
        reverse("resumes:build_diff", args=[newer.pk]) + f"?from={ready_build.pk}"
    )

    removed = [text for op, text in response.context["lines"] if op == "removed"]
    assert "Publications" in removed
    assert "Bounds for Langevin sampling" in " ".join(removed)


def test_diff_needs_a_version_of_the_same_posting(alice_client, ready_build):
    response = alice_client.get(reverse("resumes:build_diff", args=[ready_build.pk]) + "?from=999")

    assert response.status_code == 404


def test_failed_build_page_offers_retry(alice_client, alice):
    make_inventory(alice)
    posting = make_posting(alice, text=" ")
    build = services.request_resume_build(user=alice, posting=posting)
    services.run_resume_build(build_id=build.pk)

    page = alice_client.get(build.get_absolute_url()).content.decode()

    assert "This build failed" in page
    assert reverse("resumes:build_retry", args=[build.pk]) in page


def test_build_of_an_empty_inventory_is_refused_with_a_message(alice_client, alice):
    posting = make_posting(alice)

    response = alice_client.post(reverse("resumes:build_request", args=[posting.pk]), follow=True)

    assert "Your inventory has no entries yet" in response.content.decode()
    assert not ResumeBuild.objects.filter(owner=alice).exists()


def test_build_page_warns_of_a_resume_nobody_can_reply_to(alice_client, alice, ready_build):
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()

    # make_inventory gives Alice no e-mail and no phone
    assert "This résumé has no e-mail address" in page
    assert "This résumé has no phone number" in page


def test_build_download_is_named_after_the_person_company_and_role(alice_client, alice):
    Basics.objects.update_or_create(owner=alice, defaults={"name": "Alice Q. Example"})
    build = _built(alice, "Requirements:\n- Python\n- PyTorch\n- Slurm\n- SQL\n- Go\n")

    response = alice_client.get(reverse("resumes:build_download", args=[build.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="alice-q-example-orbital-cloud-machine-learning-engineer.docx"'
    )


def test_posting_list_and_delete(alice_client, alice):
    posting = make_posting(alice, title="Research Engineer")

    listing = alice_client.get(reverse("resumes:posting_list")).content.decode()
    alice_client.post(reverse("resumes:posting_delete", args=[posting.pk]))

    assert "Research Engineer" in listing
    assert not Posting.objects.filter(pk=posting.pk).exists()


def test_application_page_shows_postings_and_the_version_sent(alice_client, ready_build):
    services.mark_build_sent(build=ready_build, application=ready_build.posting.application)

    page = alice_client.get(ready_build.posting.application.get_absolute_url()).content.decode()

    assert reverse("resumes:build_download", args=[ready_build.pk]) in page
    assert str(ready_build.posting) in page
    assert "Tailor a résumé" in page


def _bullet_block(page: str, text: str) -> re.Match:
    """The preview's block for one bullet: what it shows, and its pin/drop key."""
    match = re.search(
        rf"• {re.escape(text)}</span>.*?<dt>Shows</dt><dd>(?P<shows>.*?)</dd>"
        r'.*?name="pinned" value="(?P<key>[^"]+)"',
        page,
        re.DOTALL,
    )
    assert match is not None, f"no preview block for {text!r}"
    return match


def test_each_bullet_says_why_it_is_here_and_scores_show_per_category(alice_client, ready_build):
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()

    assert "PyTorch" in _bullet_block(page, "Reimplemented two samplers in PyTorch")["shows"]
    categories = re.findall(r'<th scope="row">([^<]+)</th>', page)
    report = BuildReport.from_dict(ready_build.report)
    assert set(categories) == {name.capitalize() for name in report.scores.after}
    assert "Your inventory could show, but this version does not" in page
    for gap in report.terms.gaps:
        assert gap.name in page


def _rebuild(client, build, **options) -> ResumeBuild:
    response = client.post(reverse("resumes:build_request", args=[build.posting_id]), options)
    rebuilt = ResumeBuild.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    services.run_resume_build(build_id=rebuilt.pk)
    rebuilt.refresh_from_db()
    return rebuilt


def _docx_text(client, build) -> str:
    response = client.get(reverse("resumes:build_download", args=[build.pk]))
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_dropping_a_bullet_on_the_page_leaves_it_out_of_the_rebuilt_docx(alice_client, ready_build):
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()
    dropped = _bullet_block(page, "Reimplemented two samplers in PyTorch")["key"]
    pinned = _bullet_block(page, "Proved convergence bounds for stochastic optimization")["key"]

    rebuilt = _rebuild(alice_client, ready_build, dropped=[dropped], pinned=[pinned])

    assert rebuilt.pk != ready_build.pk
    assert (rebuilt.options["dropped"], rebuilt.options["pinned"]) == ([dropped], [pinned])
    assert "Reimplemented two samplers" in _docx_text(alice_client, ready_build)
    text = _docx_text(alice_client, rebuilt)
    assert "Reimplemented two samplers" not in text
    assert "convergence bounds" in text
    rebuilt_page = alice_client.get(rebuilt.get_absolute_url()).content.decode()
    assert f'name="pinned" value="{pinned}" checked' in rebuilt_page


def test_pinning_and_dropping_the_same_bullet_is_refused(alice_client, ready_build):
    page = alice_client.get(ready_build.get_absolute_url()).content.decode()
    key = _bullet_block(page, "Reimplemented two samplers in PyTorch")["key"]

    response = alice_client.post(
        reverse("resumes:build_request", args=[ready_build.posting_id]),
        {"pinned": [key], "dropped": [key]},
        follow=True,
    )

    assert "cannot be both pinned and dropped" in response.content.decode()
    assert ResumeBuild.objects.count() == 1


def _built(owner, text: str, title: str = "Machine Learning Engineer") -> ResumeBuild:
    make_inventory(owner)
    posting = make_posting(owner, text=text, title=title)
    build = services.request_resume_build(user=owner, posting=posting)
    services.run_resume_build(build_id=build.pk)
    build.refresh_from_db()
    return build


def _visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_build_page_shows_a_choice_once_with_levels_and_no_internal_ids(alice_client, alice):
    build = _built(
        alice,
        "Requirements:\n- Programming in C, C++, Java or Python\n- PyTorch\n- Slurm\n"
        "- 3+ years of experience in statistics\n- Rust or Haskell\nNice to have:\n- Kubernetes\n",
    )

    page = alice_client.get(build.get_absolute_url()).content.decode()
    text = _visible_text(page)

    assert "one of C, C++, Java, Python — you show Python" in text
    assert "Must have" in text
    assert "Nice to have" in text
    assert "3+ years of experience" in text
    gaps = text.split("Real gaps", 1)[1]
    assert "one of Rust, Haskell" in gaps
    assert "Rust one of" not in gaps
    assert "Guessed role: ML engineer" in text
    assert not re.search(r"\b(?:position|education|publication|project)-\d+(?:/b\d+|#\w+)", text)
    assert not [r.id for r in load_rules().rules if r.id in text]


def test_build_page_of_a_thin_posting_shows_a_notice_not_a_score(alice_client, alice):
    build = _built(alice, "Python, SQL, Spark", title="Analyst")

    text = _visible_text(alice_client.get(build.get_absolute_url()).content.decode())

    assert "Only 3 terms were recognised in this posting" in text
    assert "Match before tailoring" not in text


def test_a_build_stored_before_report_versions_still_shows_its_reasons(alice_client, ready_build):
    old = dict(ready_build.report)
    del old["version"]
    ResumeBuild.objects.filter(pk=ready_build.pk).update(report=old)

    page = alice_client.get(ready_build.get_absolute_url()).content.decode()

    assert "Scores by category" in page
    assert "Real gaps" in page


def test_a_build_from_a_newer_reframe_says_so_and_keeps_its_file(alice_client, ready_build):
    ResumeBuild.objects.filter(pk=ready_build.pk).update(report={"version": 99})

    response = alice_client.get(ready_build.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "built by a newer Reframe" in page
    assert reverse("resumes:build_download", args=[ready_build.pk]) in page
    assert "Scores by category" not in page
