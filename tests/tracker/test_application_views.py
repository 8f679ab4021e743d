import datetime

import pytest
from django.urls import reverse

from tests.factories import make_application, make_company
from tracker.models import Application, StageEvent


def test_application_list_shows_own_applications_only(alice_client, alice, bob):
    make_application(alice, role_title="Research Engineer")
    make_application(bob, role_title="Bob's secret role")

    response = alice_client.get(reverse("tracker:application_list"))

    assert response.status_code == 200
    assert [a.role_title for a in response.context["page"]] == ["Research Engineer"]
    assert b"Bob&#x27;s secret role" not in response.content


def test_application_list_htmx_returns_table_fragment_without_chrome(
    alice_client, alice, htmx_headers
):
    make_application(alice, role_title="Research Engineer")

    response = alice_client.get(
        reverse("tracker:application_list"),
        headers={"HX-Request": "true", "HX-Target": "application-table"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="application-table"')
    assert "<html" not in body
    assert "site-header" not in body
    assert "Research Engineer" in body


def test_application_list_filters_by_tier_and_stage(alice_client, alice):
    startup = make_company(alice, "Tensorloom", "startup")
    make_application(alice, startup, role_title="Founding MLE", stage="applied")
    make_application(alice, startup, role_title="Saved one", stage="saved")
    make_application(alice, make_company(alice, "Orbital"), role_title="Big one", stage="applied")

    response = alice_client.get(
        reverse("tracker:application_list"), {"tier": "startup", "stage": "applied"}
    )

    assert [a.role_title for a in response.context["page"]] == ["Founding MLE"]


def test_application_list_sorts_by_company_both_ways(alice_client, alice):
    for name in ["Beta", "Alpha", "Gamma"]:
        make_application(alice, make_company(alice, name))

    ascending = alice_client.get(reverse("tracker:application_list"), {"sort": "company"})
    descending = alice_client.get(reverse("tracker:application_list"), {"sort": "-company"})

    assert [a.company.name for a in ascending.context["page"]] == ["Alpha", "Beta", "Gamma"]
    assert [a.company.name for a in descending.context["page"]] == ["Gamma", "Beta", "Alpha"]


def test_application_list_filters_by_role_family(alice_client, alice):
    company = make_company(alice)
    make_application(alice, company, role_title="Quant Researcher", role_family="quant")
    make_application(alice, company, role_title="MLE", role_family="ml_engineer")

    response = alice_client.get(reverse("tracker:application_list"), {"role_family": "quant"})

    assert [a.role_title for a in response.context["page"]] == ["Quant Researcher"]


def test_application_list_filters_by_outcome(alice_client, alice):
    company = make_company(alice)
    make_application(alice, company, role_title="Ghosted", stage="closed", outcome="ghosted")
    make_application(alice, company, role_title="Rejected", stage="closed", outcome="rejected")
    make_application(alice, company, role_title="Live", stage="applied")

    response = alice_client.get(reverse("tracker:application_list"), {"outcome": "rejected"})

    assert [a.role_title for a in response.context["page"]] == ["Rejected"]


def test_application_list_filters_combine_with_search(alice_client, alice):
    company = make_company(alice)
    make_application(alice, company, role_title="Quant Researcher", role_family="quant")
    make_application(alice, company, role_title="Quant Developer", role_family="software")

    response = alice_client.get(
        reverse("tracker:application_list"), {"role_family": "quant", "q": "quant"}
    )

    assert [a.role_title for a in response.context["page"]] == ["Quant Researcher"]


def test_application_list_sorts_by_stage_in_funnel_order_both_ways(alice_client, alice):
    company = make_company(alice)
    funnel = ["saved", "applied", "screening", "interviewing", "offer", "closed"]
    for stage in ["interviewing", "closed", "saved", "offer", "applied", "screening"]:
        outcome = "rejected" if stage == "closed" else ""
        make_application(alice, company, role_title=stage, stage=stage, outcome=outcome)

    ascending = alice_client.get(reverse("tracker:application_list"), {"sort": "stage"})
    descending = alice_client.get(reverse("tracker:application_list"), {"sort": "-stage"})

    assert [a.stage for a in ascending.context["page"]] == funnel
    assert [a.stage for a in descending.context["page"]] == funnel[::-1]


def test_application_list_sorts_by_applied_date(alice_client, alice):
    company = make_company(alice)
    for role, day in [("Middle", "2026-02-01"), ("Late", "2026-03-01"), ("Early", "2026-01-01")]:
        make_application(
            alice,
            company,
            role_title=role,
            stage="applied",
            applied_on=datetime.date.fromisoformat(day),
        )

    response = alice_client.get(reverse("tracker:application_list"), {"sort": "applied"})

    assert [a.role_title for a in response.context["page"]] == ["Early", "Middle", "Late"]


def test_application_list_sorts_by_latest_change_by_default(alice_client, alice):
    company = make_company(alice)
    first = make_application(alice, company, role_title="First")
    make_application(alice, company, role_title="Second")
    first.finish_next_action()  # touches updated_at

    response = alice_client.get(reverse("tracker:application_list"))

    assert [a.role_title for a in response.context["page"]] == ["First", "Second"]


def test_application_list_sort_links_keep_filters(alice_client, alice):
    make_application(alice, make_company(alice, "Alpha", "startup"))

    response = alice_client.get(reverse("tracker:application_list"), {"tier": "startup"})

    assert 'href="?tier=startup&amp;sort=company"' in response.content.decode()


def test_application_list_paginates(alice_client, alice):
    company = make_company(alice)
    for index in range(30):
        make_application(alice, company, role_title=f"Role {index:02d}", stage="applied")

    first = alice_client.get(reverse("tracker:application_list"), {"sort": "role"})
    second = alice_client.get(reverse("tracker:application_list"), {"sort": "role", "page": 2})

    assert len(first.context["page"]) == 25
    assert [a.role_title for a in second.context["page"]] == [f"Role {i}" for i in range(25, 30)]


def test_application_list_empty_state_invites_first_application(alice_client):
    response = alice_client.get(reverse("tracker:application_list"))

    assert "No applications yet" in response.content.decode()


def test_application_list_unknown_filter_value_is_ignored(alice_client, alice):
    make_application(alice)

    response = alice_client.get(reverse("tracker:application_list"), {"tier": "bogus"})

    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def _create_payload(**overrides) -> dict:
    payload = {
        "company_name": "Lumen Maps",
        "new_company_tier": "mid_size",
        "role_title": "ML Engineer, Routing",
        "role_family": "ml_engineer",
        "stage": "applied",
        "source": "cold",
        "salary_currency": "EUR",
        "applied_on": "2026-10-01",
    }
    payload.update(overrides)
    return payload


def test_application_create_makes_company_application_and_event(alice_client, alice):
    response = alice_client.post(reverse("tracker:application_create"), _create_payload())

    application = Application.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert (application.company.name, application.company.tier) == ("Lumen Maps", "mid_size")
    assert list(application.stage_events.values_list("to_stage", "happened_on")) == [
        ("applied", datetime.date(2026, 10, 1))
    ]


def test_application_create_invalid_keeps_what_was_typed(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:application_create"),
        _create_payload(role_title="", notes="My careful notes", salary_min="200", salary_max="10"),
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"role_title", "salary_max"}
    assert "My careful notes" in response.content.decode()
    assert Application.objects.count() == 0


def test_application_create_invalid_htmx_rerenders_form_partial(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:application_create"),
        _create_payload(salary_min="200", salary_max="10"),
        headers={"HX-Request": "true", "HX-Target": "application-form"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="application-form"')
    assert "The maximum is below the minimum." in body


def test_application_create_new_company_without_tier_is_an_error(alice_client):
    response = alice_client.post(
        reverse("tracker:application_create"), _create_payload(new_company_tier="")
    )

    assert "new_company_tier" in response.context["form"].errors
    assert Application.objects.count() == 0


def test_application_create_warns_about_duplicate_then_allows_it(alice_client, alice):
    make_application(
        alice, make_company(alice, "Lumen Maps", "mid_size"), role_title="ML Engineer, Routing"
    )

    warned = alice_client.post(
        reverse("tracker:application_create"),
        _create_payload(company_name="lumen maps", role_title="ml engineer, routing"),
    )
    confirmed = alice_client.post(
        reverse("tracker:application_create"),
        _create_payload(company_name="lumen maps", confirm_duplicate="on"),
    )

    assert "You already track" in warned.content.decode()
    assert confirmed.status_code == 302
    assert Application.objects.filter(owner=alice).count() == 2


def test_application_posting_html_is_stored_verbatim_and_shown_escaped(alice_client, alice):
    payload = '<script>alert("x")</script><b>Senior MLE</b>'
    alice_client.post(reverse("tracker:application_create"), _create_payload(posting_text=payload))
    application = Application.objects.get(owner=alice)

    response = alice_client.get(application.get_absolute_url())

    assert application.posting_text == payload
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


def test_application_edit_saves_fields_without_touching_stage(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:application_edit", args=[alice_application.pk]),
        {
            "company_name": alice_application.company.name,
            "role_title": "Senior ML Engineer",
            "role_family": "ml_engineer",
            "source": "referral",
            "salary_currency": "USD",
            "next_action": "Email the recruiter",
            "next_action_on": "2026-12-01",
        },
    )

    alice_application.refresh_from_db()
    assert response.status_code == 302
    assert (alice_application.role_title, alice_application.source) == (
        "Senior ML Engineer",
        "referral",
    )
    assert alice_application.stage == "applied"
    assert alice_application.stage_events.count() == 1


def test_application_edit_htmx_invalid_rerenders_form_partial(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:application_edit", args=[alice_application.pk]),
        {
            "company_name": alice_application.company.name,
            "role_title": "",
            "role_family": "ml_engineer",
            "source": "cold",
            "salary_currency": "USD",
            "notes": "Typed before the mistake",
        },
        headers={"HX-Request": "true", "HX-Target": "application-form"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="application-form"')
    assert "site-header" not in body
    assert "Typed before the mistake" in body
    assert list(response.context["form"].errors) == ["role_title"]


def test_application_edit_htmx_get_returns_form_filled_in(alice_client, alice_application):
    response = alice_client.get(
        reverse("tracker:application_edit", args=[alice_application.pk]),
        headers={"HX-Request": "true", "HX-Target": "application-form"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<form id="application-form"')
    assert "<html" not in body
    assert f'value="{alice_application.company.name}"' in body


def test_application_detail_shows_timeline(alice_client, alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 1))

    response = alice_client.post(
        reverse("tracker:application_stage", args=[application.pk]),
        {"stage": "screening", "happened_on": "2026-10-03"},
    )
    detail = alice_client.get(application.get_absolute_url())

    event = application.stage_events.get(to_stage="screening")
    assert response.status_code == 302
    assert (
        f'<li id="event-{event.pk}"><time datetime="2026-10-03">3 Oct 2026</time>\n'
        "        Applied → <strong>Screening</strong></li>"
    ) in detail.content.decode()


def test_application_stage_dated_before_its_history_is_refused_in_the_form(alice_client, alice):
    application = make_application(alice, stage="applied", happened_on=datetime.date(2026, 9, 14))

    response = alice_client.post(
        reverse("tracker:application_stage", args=[application.pk]),
        {"stage": "screening", "happened_on": "2026-09-13"},
        headers={"HX-Request": "true", "HX-Target": "stage-panel"},
    )

    body = response.content.decode()
    message = (
        "Date this change on or after 14 September 2026, the day of the last change in its history."
    )
    assert response.context["stage_form"].errors == {"happened_on": [message]}
    assert f'<p class="error" id="id_happened_on-error">{message}</p>' in body
    assert 'value="2026-09-13"' in body
    assert list(application.stage_events.values_list("to_stage", flat=True)) == ["applied"]


def test_application_stage_htmx_returns_stage_panel(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:application_stage", args=[alice_application.pk]),
        {"stage": "interviewing"},
        headers={"HX-Request": "true", "HX-Target": "stage-panel"},
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="stage-panel"')
    assert StageEvent.objects.filter(application=alice_application).count() == 2


def test_application_stage_closed_without_outcome_shows_error(alice_client, alice_application):
    response = alice_client.post(
        reverse("tracker:application_stage", args=[alice_application.pk]), {"stage": "closed"}
    )

    assert response.status_code == 200
    assert "Say how it ended" in response.content.decode()
    assert alice_application.stage_events.count() == 1


def test_an_outcome_without_closing_says_why_in_place(alice_client, alice_application):
    url = reverse("tracker:application_stage", args=[alice_application.pk])
    htmx = {"HX-Request": "true", "HX-Target": "stage-panel"}

    refused = alice_client.post(url, {"stage": "screening", "outcome": "rejected"}, headers=htmx)
    same = alice_client.post(url, {"stage": "applied"}, headers=htmx)

    alice_application.refresh_from_db()
    assert "An outcome closes the application" in refused.content.decode()
    assert (alice_application.stage, alice_application.outcome) == ("applied", "")
    # A message about this change shows in the panel it is about, not on a later page.
    assert "It is already at that stage." in same.content.decode()


def test_reopening_a_closed_application_keeps_working_with_its_old_outcome_shown(
    alice_client, alice_application
):
    url = reverse("tracker:application_stage", args=[alice_application.pk])
    alice_client.post(url, {"stage": "closed", "outcome": "rejected"})

    reopened = alice_client.post(url, {"stage": "screening", "outcome": "rejected"})

    alice_application.refresh_from_db()
    assert reopened.status_code == 302
    assert (alice_application.stage, alice_application.outcome) == ("screening", "")


def test_application_delete_removes_it_after_confirmation(alice_client, alice_application):
    url = reverse("tracker:application_delete", args=[alice_application.pk])

    confirm_page = alice_client.get(url)
    response = alice_client.post(url)

    assert "cannot be undone" in confirm_page.content.decode()
    assert response.status_code == 302
    assert not Application.objects.filter(pk=alice_application.pk).exists()


def test_quick_add_creates_application_and_returns_to_page(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:quick_add"),
        {
            "company_name": "Quiver Labs",
            "new_company_tier": "startup",
            "role_title": "ML Performance Engineer",
            "stage": "applied",
            "next": "/board/",
        },
    )

    application = Application.objects.get(owner=alice)
    assert response["Location"] == "/board/"
    assert (application.company.tier, application.stage) == ("startup", "applied")


def test_quick_add_htmx_success_redirects_whole_page(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:quick_add"),
        {
            "company_name": "Quiver",
            "new_company_tier": "startup",
            "role_title": "MLE",
            "stage": "saved",
            "next": "/applications/",
        },
        headers={"HX-Request": "true", "HX-Target": "quick-add"},
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/applications/"


def test_quick_add_rejects_offsite_next(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:quick_add"),
        {
            "company_name": "Quiver",
            "new_company_tier": "startup",
            "role_title": "MLE",
            "stage": "saved",
            "next": "https://evil.example.com/",
        },
    )

    assert response["Location"] == Application.objects.get(owner=alice).get_absolute_url()


def test_quick_add_files_a_well_known_employer_under_its_tier_and_says_so(alice_client, alice):
    response = alice_client.post(
        reverse("tracker:quick_add"),
        {"company_name": "Jane Street", "role_title": "Quant Researcher", "stage": "saved"},
        follow=True,
    )

    application = Application.objects.get(owner=alice)
    assert application.company.tier == "finance"
    assert [str(m) for m in response.context["messages"]] == [
        "Now tracking Quant Researcher at Jane Street. Jane Street is filed as Finance / quant, "
        "a well-known employer: change it on its page if that is wrong."
    ]


def test_quick_add_keeps_the_tier_the_person_picked_for_a_known_employer(alice_client, alice):
    alice_client.post(
        reverse("tracker:quick_add"),
        {"company_name": "Meta", "new_company_tier": "mid_size", "role_title": "MLE",
         "stage": "saved"},
    )  # fmt: skip

    assert Application.objects.get(owner=alice).company.tier == "mid_size"


def test_quick_add_invalid_htmx_returns_form_with_errors(alice_client):
    response = alice_client.post(
        reverse("tracker:quick_add"),
        {"company_name": "Quiver", "role_title": "MLE", "stage": "saved"},
        headers={"HX-Request": "true", "HX-Target": "quick-add"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<form id="quick-add"')
    assert "is new: pick its tier" in body


@pytest.mark.parametrize("sort", ["next", "-next"])
def test_sorting_by_next_action_puts_blanks_last_both_ways(alice_client, alice, sort):
    company = make_company(alice)
    for title, day in [("Soon", 3), ("Blank", None), ("Later", 9)]:
        on = datetime.date(2026, 12, 1) + datetime.timedelta(days=day) if day else None
        action = "Follow up" if day else ""
        make_application(alice, company, role_title=title, next_action=action, next_action_on=on)

    page = alice_client.get(reverse("tracker:application_list"), {"sort": sort})
    titles = [a.role_title for a in page.context["page"].object_list]

    assert titles[-1] == "Blank"
    assert titles[:2] == (["Soon", "Later"] if sort == "next" else ["Later", "Soon"])


def test_the_table_sorts_by_tier_in_tier_order(alice_client, alice):
    for name, tier in [("Quant Co", "finance"), ("Big Co", "big_tech"), ("Small Co", "startup")]:
        make_application(alice, make_company(alice, name, tier), role_title=f"Role at {name}")

    page = alice_client.get(reverse("tracker:application_list"), {"sort": "tier"})

    tiers = [a.company.tier for a in page.context["page"].object_list]
    assert tiers == ["big_tech", "startup", "finance"]
    assert "sort=-tier" in page.content.decode()  # its header flips the order
