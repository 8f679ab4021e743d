"""The clip page the bookmarklet opens: a job read from its page into a quick add, saved
with one click at "saved" with its posting, a job tracked already flagged."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from resumes.models import FetchStatus, Posting
from tests.factories import make_application, make_company
from tracker.job_pages import NEW_COMPANY_TIER
from tracker.models import Application, Company, Stage, StageEvent

URL = "https://jobs.lever.co/acme/4815"
TITLE = "Acme - Machine Learning Engineer"
TEXT = "Requirements:\n- Python and PyTorch\n- A/B testing"


def _clip_path(**query: str) -> str:
    return f"{reverse('tracker:clip')}?{urlencode(query)}"


def _save(client: Client, **fields: str):
    data = {
        "company_name": "Acme",
        "role_title": "Machine Learning Engineer",
        "new_company_tier": "startup",
        "posting_url": URL,
        "posting_text": TEXT,
        **fields,
    }
    return client.post(reverse("tracker:clip"), data)


def test_clip_page_prefills_the_quick_add_from_the_page(alice_client):
    response = alice_client.get(_clip_path(url=URL, title=TITLE, text=TEXT))

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial == {
        "company_name": "Acme",
        "role_title": "Machine Learning Engineer",
        "new_company_tier": NEW_COMPANY_TIER,
        "posting_url": URL,
        "posting_text": TEXT,
        "fetch_posting": False,
    }
    assert form.duplicate is None
    assert "Requirements:\n- Python and PyTorch" in response.content.decode()


def test_clip_page_takes_a_tracked_companys_name_and_tier(alice_client, alice):
    make_company(alice, "ACME", tier="finance")

    response = alice_client.get(_clip_path(url=URL, title=TITLE))

    assert response.context["form"].initial["company_name"] == "ACME"
    assert response.context["form"].initial["new_company_tier"] == "finance"


def test_clip_page_guesses_a_well_known_employers_tier(alice_client):
    response = alice_client.get(_clip_path(url=URL, title="Research Engineer - Jane Street"))

    assert response.context["form"].initial["new_company_tier"] == "finance"


def test_clip_page_offers_the_fetch_only_without_a_selection(alice_client):
    without = alice_client.get(_clip_path(url=URL, title=TITLE))
    selected = alice_client.get(_clip_path(url=URL, title=TITLE, text=TEXT))

    assert without.context["offer_fetch"] is True
    assert without.context["form"].initial["fetch_posting"] is True
    assert 'name="fetch_posting"' in without.content.decode()
    assert selected.context["offer_fetch"] is False
    assert 'name="fetch_posting"' not in selected.content.decode()


def test_clip_page_says_when_the_selection_was_cut(alice_client):
    response = alice_client.get(_clip_path(url=URL, title=TITLE, text=TEXT, cut="1"))

    assert "Only the first part of your selection fitted" in response.content.decode()


def test_clip_page_takes_a_malformed_address_in_its_stride(alice_client):
    response = alice_client.get(_clip_path(url="https://[broken/jobs", title=TITLE))
    saved = _save(alice_client, posting_url="https://[broken/jobs")

    assert response.status_code == 200
    assert response.context["form"].initial["posting_url"] == ""
    assert "posting_url" in saved.context["form"].errors


def test_clip_page_without_a_query_is_an_empty_quick_add(alice_client):
    response = alice_client.get(reverse("tracker:clip"))

    assert response.status_code == 200
    assert response.context["form"].initial["company_name"] == ""


def test_save_tracks_the_job_at_saved_with_its_posting(alice_client, alice):
    response = _save(alice_client)

    application = Application.objects.get(owner=alice)
    posting = Posting.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert (application.company.name, application.company.tier) == ("Acme", "startup")
    assert (application.role_title, application.stage) == ("Machine Learning Engineer", "saved")
    assert (application.posting_url, application.posting_text) == (URL, TEXT)
    assert list(StageEvent.objects.values_list("to_stage", flat=True)) == [Stage.SAVED]
    assert (posting.application, posting.text, posting.url) == (application, TEXT, URL)
    assert (posting.title, posting.company) == ("Machine Learning Engineer", "Acme")
    assert posting.source == Posting.Source.PASTED


def test_save_without_text_has_the_posting_fetched_from_its_page(alice_client, alice):
    response = _save(alice_client, posting_text="", fetch_posting="on")

    posting = Posting.objects.get(owner=alice)
    assert response.status_code == 302
    assert (posting.source, posting.fetch_status) == (Posting.Source.URL, FetchStatus.FETCHING)
    assert posting.application == Application.objects.get(owner=alice)
    follow = alice_client.get(response["Location"])
    assert "Its posting is being fetched from the page." in follow.content.decode()


def test_save_without_text_or_fetch_keeps_the_address_only(alice_client, alice):
    _save(alice_client, posting_text="")

    assert Application.objects.get(owner=alice).posting_url == URL
    assert not Posting.objects.filter(owner=alice).exists()


def test_save_refuses_to_fetch_a_private_address_and_saves_nothing(alice_client, alice, settings):
    settings.POSTING_FETCH_ALLOW_PRIVATE = False

    response = _save(
        alice_client, posting_url="http://192.168.1.10/jobs/1", posting_text="", fetch_posting="on"
    )

    assert response.status_code == 200
    assert "private network" in str(response.context["form"].errors["posting_url"])
    assert not Application.objects.filter(owner=alice).exists()
    assert not Company.objects.filter(owner=alice).exists()


def test_save_refuses_a_fetch_without_an_address(alice_client, alice):
    response = _save(alice_client, posting_url="", posting_text="", fetch_posting="on")

    assert response.context["form"].errors["posting_url"] == [
        "Give the page's address to fetch the posting from."
    ]
    assert not Application.objects.filter(owner=alice).exists()


@pytest.mark.parametrize("address", ["javascript:alert(1)", "ftp://jobs.example.com/1"])
def test_save_refuses_an_address_that_is_no_web_page(alice_client, alice, address):
    response = _save(alice_client, posting_url=address)

    assert "posting_url" in response.context["form"].errors
    assert not Application.objects.filter(owner=alice).exists()


def test_clip_page_flags_a_job_tracked_at_the_same_address(alice_client, alice):
    tracked = make_application(alice, role_title="MLE (old title)", posting_url=URL)

    response = alice_client.get(_clip_path(url=f"{URL}#apply", title=TITLE))

    assert response.context["form"].duplicate == tracked
    assert f'href="{tracked.get_absolute_url()}"' in response.content.decode()


def test_clip_page_flags_the_same_role_at_the_same_company(alice_client, alice):
    tracked = make_application(
        alice, make_company(alice, "acme"), role_title="machine learning engineer"
    )

    response = alice_client.get(_clip_path(url=URL, title=TITLE))

    assert response.context["form"].duplicate == tracked
    assert "You already track this job" in response.content.decode()


def test_save_refuses_a_duplicate_until_told_to_track_it_again(alice_client, alice):
    make_application(alice, make_company(alice, "Other"), role_title="Old", posting_url=URL)

    refused = _save(alice_client)
    accepted = _save(alice_client, confirm_duplicate="on")

    assert refused.status_code == 200
    assert "You already track this page" in refused.content.decode()
    assert accepted.status_code == 302
    assert Application.objects.filter(owner=alice, posting_url=URL).count() == 2


def test_save_refuses_the_same_role_at_the_same_company(alice_client, alice):
    make_application(alice, make_company(alice, "Acme"), role_title="Machine Learning Engineer")

    response = _save(alice_client, posting_url="")

    assert response.status_code == 200
    assert response.context["form"].duplicate.role_title == "Machine Learning Engineer"
    assert Application.objects.filter(owner=alice).count() == 1


def test_save_asks_a_tier_for_a_new_company(alice_client, alice):
    response = _save(alice_client, new_company_tier="")

    assert "new_company_tier" in response.context["form"].errors
    assert not Application.objects.filter(owner=alice).exists()


def test_someone_elses_job_is_neither_flagged_nor_reused(alice_client, alice, bob):
    bobs = make_application(bob, make_company(bob, "Acme", tier="finance"), posting_url=URL)

    page = alice_client.get(_clip_path(url=URL, title=TITLE))
    _save(alice_client)

    mine = Application.objects.get(owner=alice)
    assert page.context["form"].duplicate is None
    assert page.context["form"].initial["new_company_tier"] == NEW_COMPANY_TIER
    assert (mine.company.owner, mine.company.tier) == (alice, "startup")
    assert Application.objects.filter(owner=bob).get() == bobs
    assert Posting.objects.get(application=mine).owner == alice


def test_log_in_returns_to_the_clip_page_with_its_query(client, alice):
    clip = _clip_path(url=f"{URL}?a=1&b=2", title=TITLE, text="Python & PyTorch, 100%")

    to_login = client.get(clip)
    login_page = client.get(to_login["Location"])
    logged_in = client.post(
        to_login["Location"],
        {"username": "alice", "password": "alice-password-1", "next": login_page.context["next"]},
    )
    back = client.get(logged_in["Location"])

    assert to_login["Location"].startswith(f"{reverse('login')}?next=")
    assert logged_in["Location"] == clip
    assert back.context["form"].initial["posting_url"] == f"{URL}?a=1&b=2"
    assert back.context["form"].initial["posting_text"] == "Python & PyTorch, 100%"


def test_settings_page_offers_the_bookmarklet(alice_client):
    response = alice_client.get(reverse("tracker:settings"))

    html = response.content.decode()
    assert 'data-clip-address="http://testserver/clip/"' in html
    assert '<script src="/static/js/bookmarklet.js" defer></script>' in html
