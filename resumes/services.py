"""Services of the résumé side: inventory edits, imports, postings and résumé builds."""

from __future__ import annotations

import datetime
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from config.broker import publish
from resumes import build_inputs, build_runner, inventory_store
from resumes.import_checks import checked_inventory
from resumes.importers import detect_format
from resumes.importers.dedupe import skill_key
from resumes.importers.errors import ImportFailed
from resumes.importers.jsonresume import parse_json_resume, to_json_resume
from resumes.importers.sandbox import parse_bounded
from resumes.inventory_json import dump_inventory
from resumes.models import (
    Basics,
    Bullet,
    Entry,
    FetchStatus,
    ImportDraft,
    ImportStatus,
    Posting,
    ResumeBuild,
    Skill,
)
from resumes.posting_fetch import FetchFailed, check_address, fetch_posting

logger = logging.getLogger(__name__)
# A queued build nobody started within this long is published again...
REQUEUE_AFTER = datetime.timedelta(minutes=1)
# ...unless its message went out more recently than this: a message the broker took is
# usually still waiting for a worker, and one copy per build is enough. (A broker that
# restarted empty loses it; the build is then published again at most this much later.)
REPUBLISH_AFTER = datetime.timedelta(minutes=5)


def skills_named(*, user: User, names: list[str]) -> list[Skill]:
    """The person's skills with these names (any letter case or spelling: "pytorch" is
    their "PyTorch"), creating missing ones."""
    existing: dict[str, Skill] = {}
    for skill in Skill.objects.for_user(user):
        existing.setdefault(skill_key(skill.name), skill)
    order = len(existing)
    found = []
    for name in names:
        skill = existing.get(skill_key(name))
        if skill is None:
            skill = Skill.objects.create(owner=user, name=name, order=order)
            existing[skill_key(name)] = skill
            order += 1
        found.append(skill)
    return found


@transaction.atomic
def save_bullet(*, bullet: Bullet, skill_names: list[str]) -> Bullet:
    """Save a bullet (appending new ones at the end of its entry) and its skill tags."""
    if bullet.pk is None:
        last = bullet.entry.bullets.aggregate(last=Max("order"))["last"]
        bullet.order = 0 if last is None else last + 1
    bullet.save()
    bullet.skills.set(skills_named(user=bullet.entry.owner, names=skill_names))
    return bullet


@transaction.atomic
def save_entry(*, entry: Entry) -> Entry:
    """Save an entry; a new one goes to the top of its section, where people look first."""
    if entry.pk is None:
        Entry.objects.for_user(entry.owner).filter(kind=entry.kind).update(order=F("order") + 1)
        entry.order = 0
    entry.save()
    return entry


@transaction.atomic
def move_entry(*, entry: Entry, direction: str) -> None:
    """Swap an entry with its neighbour above or below in the same section."""
    siblings = list(Entry.objects.for_user(entry.owner).filter(kind=entry.kind))
    _swap_with_neighbour(siblings, entry.pk, direction)
    Entry.objects.bulk_update(siblings, ["order"])


@transaction.atomic
def move_bullet(*, bullet: Bullet, direction: str) -> None:
    siblings = list(bullet.entry.bullets.all())
    _swap_with_neighbour(siblings, bullet.pk, direction)
    Bullet.objects.bulk_update(siblings, ["order"])


def _swap_with_neighbour(items: list, pk: int, direction: str) -> None:
    """Renumber `items` 0..n-1 in their current order with `pk` moved one step."""
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for order, item in enumerate(items):
        item.order = order


def start_import(*, user: User, filename: str, data: bytes, format: str = "") -> ImportDraft:
    """Keep an uploaded file for a worker to read into a draft; the request returns at once.

    A file that is plainly no CV (told from its first bytes and its name) raises
    ImportFailed here, so the upload form can say so. Nothing reaches the inventory until
    `confirm_import_draft`.
    """
    format = format or detect_format(filename, data)
    # Imports that could not be read have said why; a new upload takes their place.
    ImportDraft.objects.for_user(user).filter(status=ImportStatus.FAILED).delete()
    draft = ImportDraft.objects.create(
        owner=user,
        filename=filename[:255],
        format=format,
        status=ImportStatus.READING,
        upload=data,
    )
    transaction.on_commit(partial(publish_import_read, draft.pk))
    return draft


def publish_import_read(draft_id: int) -> bool:
    """Hand the reading to a worker; a broker that is down fails the draft with a reason
    the person can act on."""
    from resumes.tasks import read_import_task

    if publish(read_import_task, draft_id=draft_id):
        return True
    ImportDraft.objects.filter(pk=draft_id, status=ImportStatus.READING).update(
        status=ImportStatus.FAILED,
        upload=b"",
        error="The file could not be read just now: Reframe's work queue is out of reach. "
        "Nothing was saved; upload it again in a minute.",
    )
    return False


def read_import(*, draft_id: int) -> None:
    """Read a waiting upload into its draft, or store why it cannot be read. Safe to run
    twice: only a draft still waiting is written."""
    waiting = ImportDraft.objects.filter(pk=draft_id, status=ImportStatus.READING)
    draft = waiting.first()
    if draft is None:
        return
    try:
        # In a child process with a CPU and memory budget: no upload can hold this worker.
        inventory = parse_bounded(
            draft.filename, bytes(draft.upload), draft.format, owner_name=_owner_name(draft.owner)
        )
    except ImportFailed as error:
        waiting.update(status=ImportStatus.FAILED, upload=b"", error=str(error))
        return
    inventory, warnings = checked_inventory(inventory)
    waiting.update(
        status=ImportStatus.READY,
        upload=b"",
        document=to_json_resume(inventory),
        warnings=warnings,
    )


def _owner_name(user: User) -> str:
    """The person's name as papers print it, so BibTeX can mark first-author papers."""
    basics = Basics.objects.filter(owner=user).first()
    return (basics.name if basics else "") or user.get_full_name()


@transaction.atomic
def confirm_import_draft(
    *, draft: ImportDraft, replace_existing: bool, selected: set[int] | None
) -> inventory_store.ImportSummary:
    """Apply a reviewed draft to the inventory, all or nothing, then forget the draft."""
    summary = inventory_store.apply_inventory(
        user=draft.owner,
        inventory=parse_json_resume(draft.document),
        replace_existing=replace_existing,
        selected=selected,
    )
    draft.delete()
    return summary


# --------------------------------------------------------------------------- builds


def request_resume_build(
    *, user: User, posting: Posting, options: dict | None = None
) -> ResumeBuild:
    """The build of this posting with these options: an existing one with identical
    inputs (ready, queued or building), else a new queued row whose task is published
    once the transaction commits.

    Raises ValidationError when the inventory has no entries: there is nothing to build.
    Safe to call twice: equal inputs give the same build. A broker that is down loses
    nothing: the row stays queued with the reason, and `requeue_pending_builds` (every
    minute on beat, or the page's retry) publishes it again.
    """
    options = build_inputs.normalise_options(options)
    inventory = inventory_store.load_inventory(user)
    if not inventory.entries:
        raise ValidationError(
            "Your inventory has no entries yet: add a position, degree, project or "
            "publication (or import your CV) before building a résumé."
        )
    snapshot = dump_inventory(inventory)
    digest = build_inputs.input_hash(
        inventory=snapshot, posting_text=posting.text, posting_title=posting.title,
        options=options,
    )  # fmt: skip
    # Per posting: the same text saved for two applications is two postings, each with its
    # own versions and its own "sent with" record.
    reusable = (
        ResumeBuild.objects.for_user(user)
        .filter(posting=posting, input_hash=digest)
        .exclude(status=ResumeBuild.Status.FAILED)
        .first()
    )
    if reusable is not None:
        return reusable
    try:
        with transaction.atomic():
            build = ResumeBuild.objects.create(
                owner=user,
                posting=posting,
                input_hash=digest,
                options=options,
                inventory_snapshot=snapshot,
            )
            transaction.on_commit(partial(publish_build, build.pk))
    except IntegrityError:
        # An identical request made the same build a moment ago: that one is this one.
        return _live_twin(posting=posting, input_hash=digest)
    build.refresh_from_db()
    return build


def _live_twin(*, posting: Posting, input_hash: str) -> ResumeBuild:
    return (
        ResumeBuild.objects.filter(posting=posting, input_hash=input_hash)
        .exclude(status=ResumeBuild.Status.FAILED)
        .get()
    )


def publish_build(build_id: int) -> bool:
    """Ring the doorbell for a queued build; record why when the broker cannot be reached."""
    from resumes.tasks import build_resume_task

    if not publish(build_resume_task, build_id=build_id):
        ResumeBuild.objects.record_publish(
            build_id,
            error="The build queue could not be reached; your request is saved and starts "
            "as soon as it is back.",
        )
        return False
    ResumeBuild.objects.record_publish(build_id)
    return True


def run_resume_build(*, build_id: int, task_id: str = "") -> None:
    """Claim and run one build. Safe to call twice: only one caller claims the row, and
    only the same message, redelivered after its worker died, may claim it again."""
    if build_runner.claim_build(build_id, task_id):
        build_runner.run_build(build_id)


def retry_resume_build(*, build: ResumeBuild) -> ResumeBuild:
    """Queue a failed build again (or re-publish one stuck in the queue). When an
    identical build was asked for since it failed, that one is the answer."""
    try:
        with transaction.atomic():
            ResumeBuild.objects.requeue_failed(build.pk)
    except IntegrityError:
        return _live_twin(posting=build.posting, input_hash=build.input_hash)
    build.refresh_from_db()
    if build.status == ResumeBuild.Status.QUEUED:
        publish_build(build.pk)
        build.refresh_from_db()
    return build


def requeue_pending_builds(
    *,
    older_than: datetime.timedelta = REQUEUE_AFTER,
    republish_after: datetime.timedelta = REPUBLISH_AFTER,
) -> int:
    """Publish again every build left waiting: queued longer than `older_than`, or
    building longer than the hard time limit (its worker died), and not published in the
    last `republish_after` (never, when the broker was down). Returns how many."""
    now = timezone.now()
    stuck = ResumeBuild.objects.filter(
        Q(status=ResumeBuild.Status.QUEUED, created_at__lt=now - older_than)
        | Q(status=ResumeBuild.Status.BUILDING, started_at__lt=now - build_runner.stale_after()),
        Q(published_at__isnull=True) | Q(published_at__lt=now - republish_after),
    ).values_list("pk", flat=True)
    return sum(publish_build(pk) for pk in stuck)


def mark_build_sent(*, build: ResumeBuild, application) -> ResumeBuild:
    """Remember that this exact file went out with `application`."""
    if build.status != ResumeBuild.Status.READY:
        raise ValidationError("Only a finished résumé can be marked as sent.")
    if build.posting.application_id != application.pk:
        raise ValidationError("This résumé was built for another application's posting.")
    ResumeBuild.objects.filter(pk=build.pk).update(
        sent_with=application, sent_on=timezone.localdate()
    )
    build.refresh_from_db()
    return build


# --------------------------------------------------------------------------- postings


def capture_posting(
    *,
    user: User,
    text: str = "",
    url: str = "",
    title: str = "",
    company: str = "",
    application=None,
) -> Posting:
    """Save a posting: pasted text kept verbatim; or, given only its address, a posting
    that a worker fetches (`run_posting_fetch`) once this transaction commits, so no web
    request waits on a slow site. Raises FetchFailed at once for what is plainly no
    public web address."""
    if application is not None:
        title = title or application.role_title
        company = company or application.company.name
    fetching = not text.strip()
    if fetching:
        check_address(url, allow_private=settings.POSTING_FETCH_ALLOW_PRIVATE)
    posting = Posting.objects.create(
        owner=user,
        application=application,
        title=title[:300],
        company=company[:200],
        url=url,
        text=text,
        source=Posting.Source.URL if fetching else Posting.Source.PASTED,
        fetch_status=FetchStatus.FETCHING if fetching else FetchStatus.DONE,
    )
    if fetching:
        transaction.on_commit(partial(publish_posting_fetch, posting.pk))
    return posting


def capture_clipped_posting(*, application, url: str, text: str, fetch: bool) -> None:
    """The posting of a job saved from its own page (see tracker.posting_capture): the
    text selected there, kept word for word; or, when asked and there is none, the page
    itself, fetched by a worker once the save commits. Nothing when there is neither.

    An address that is plainly no public web page raises ValidationError on the address,
    which undoes the whole save: the person corrects it and saves again."""
    if not text.strip() and not fetch:
        return
    try:
        capture_posting(user=application.owner, text=text, url=url, application=application)
    except FetchFailed as error:
        raise ValidationError({"posting_url": str(error)}) from error


def publish_posting_fetch(posting_id: int) -> bool:
    """Hand the fetch to a worker; a broker that is down marks it failed with a reason the
    person can act on (try again, or paste the text)."""
    from resumes.tasks import fetch_posting_task

    if not publish(fetch_posting_task, posting_id=posting_id):
        Posting.objects.filter(pk=posting_id, fetch_status=FetchStatus.FETCHING).update(
            fetch_status=FetchStatus.FAILED,
            fetch_error="The fetch could not be started just now. Try again in a minute, "
            "or paste the posting's text.",
        )
        return False
    return True


def run_posting_fetch(*, posting_id: int) -> None:
    """Fetch a posting waiting for its page and store its text, or the reason it failed.
    Safe to run twice: only a posting still fetching is written."""
    posting = Posting.objects.filter(pk=posting_id, fetch_status=FetchStatus.FETCHING).first()
    if posting is None:
        return
    try:
        fetched = fetch_posting(posting.url, allow_private=settings.POSTING_FETCH_ALLOW_PRIVATE)
    except FetchFailed as error:
        Posting.objects.filter(pk=posting_id, fetch_status=FetchStatus.FETCHING).update(
            fetch_status=FetchStatus.FAILED, fetch_error=str(error)
        )
        return
    Posting.objects.filter(pk=posting_id, fetch_status=FetchStatus.FETCHING).update(
        text=fetched.text,
        url=fetched.url,
        title=(posting.title or fetched.title)[:300],
        company=(posting.company or fetched.company)[:200],
        fetch_status=FetchStatus.DONE,
        fetch_error="",
    )


def retry_posting_fetch(*, posting: Posting) -> Posting:
    """Fetch a failed posting again, on a worker."""
    Posting.objects.filter(pk=posting.pk, fetch_status=FetchStatus.FAILED).update(
        fetch_status=FetchStatus.FETCHING, fetch_error=""
    )
    transaction.on_commit(partial(publish_posting_fetch, posting.pk))
    posting.refresh_from_db()
    return posting
