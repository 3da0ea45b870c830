"""The owner's portfolio pages, the marks of those it is shared with, and the exports."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse

from cohorts.models import Cohort
from events.models import Event
from mentoring.errors import MentoringError
from mentoring.models import PortfolioEntry, QualityMark
from mentoring.selectors import portfolio as selectors
from mentoring.services import portfolio as services
from tests.events.factories import EventFactory
from tests.factories import CohortFactory, ParticipantFactory, mentor
from tests.mentoring.factories import (  # noqa: F401
    TINY_PDF,
    EvidenceFactory,
    MembershipFactory,
    PairingFactory,
    PortfolioEntryFactory,
    framework_quality,
    private_media,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def form_data(**overrides) -> dict:
    return {"title": "A title", "reflection": "A reflection.", **overrides}


def fill(participant, count: int) -> None:
    quality = framework_quality(participant)
    for n in range(count):
        entry = PortfolioEntryFactory(participant=participant, shared_with_mentor=n % 2 == 0)
        entry.qualities.add(quality)
        EvidenceFactory(entry=entry)
        QualityMark.objects.create(entry=entry, quality=quality, marked_by=mentor())


@pytest.mark.parametrize("count", [1, 6])
def test_portfolio_list_queries_do_not_grow_with_entries(client, django_assert_num_queries, count):
    participant = ParticipantFactory()
    fill(participant, count)
    client.force_login(participant.user)
    # Session, user, the participation, the framework's qualities, the entries with their
    # links, their qualities, files and marks, and the user's roles for the menu.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:portfolio"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-3" id="entry-') == count


def test_portfolio_filters_by_quality(client):
    participant = ParticipantFactory()
    leading, other = framework_quality(participant), framework_quality(participant)
    PortfolioEntryFactory(participant=participant, title="About leading").qualities.add(leading)
    PortfolioEntryFactory(participant=participant, title="About the other").qualities.add(other)
    client.force_login(participant.user)

    page = client.get(reverse("mentoring:portfolio"), {"quality": leading.pk}).content.decode()

    assert "About leading" in page
    assert "About the other" not in page


def test_entry_links_only_to_the_participants_own_things(client):
    participant = ParticipantFactory()
    own_event = EventFactory(cohort=participant.cohort, title="Own cohort's day")
    others_event = EventFactory(cohort=CohortFactory(), title="Another cohort's day")
    foreign_quality = framework_quality(ParticipantFactory(cohort=CohortFactory()))
    client.force_login(participant.user)

    page = client.get(reverse("mentoring:portfolio_add")).content.decode()
    assert "Own cohort" in page
    assert "Another cohort" not in page
    with pytest.raises(MentoringError) as raised:
        services.entry_add(
            participant=participant,
            values={
                "title": "T",
                "reflection": "R",
                "quality_ids": [foreign_quality.pk],
                "event_id": others_event.pk,
                "shared_with_mentor": False,
                "shared_with_facilitators": False,
            },
        )
    assert set(raised.value.errors) == {"qualities", "event"}
    response = client.post(reverse("mentoring:portfolio_add"), form_data(event=own_event.pk))
    assert response.status_code == 302
    assert PortfolioEntry.objects.get().event == Event.objects.get(pk=own_event.pk)


def test_add_without_title_shows_the_error_beside_the_field(client):
    participant = ParticipantFactory()
    client.force_login(participant.user)

    response = client.post(reverse("mentoring:portfolio_add"), form_data(title=""))

    page = response.content.decode()
    assert "Give the entry a title." in page
    assert 'href="#id_title"' in page
    assert "A reflection." in page


def test_edit_shares_the_entry_and_a_stale_edit_keeps_what_was_typed(client):
    entry = PortfolioEntryFactory()
    client.force_login(entry.participant.user)
    url = reverse("mentoring:portfolio_entry", args=[entry.pk])
    revision = services.revision_of(entry)

    saved = client.post(url, form_data(shared_with_mentor="on", revision=revision))
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert entry.shared_with_mentor

    stale = client.post(url, form_data(title="Typed in an old window", revision=revision))
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "saved in another window" in page
    assert "Typed in an old window" in page
    entry.refresh_from_db()
    assert entry.title == "A title"


def test_delete_twice_is_kind(client, django_capture_on_commit_callbacks):
    evidence = EvidenceFactory()
    entry = evidence.entry
    client.force_login(entry.participant.user)
    url = reverse("mentoring:portfolio_delete", args=[entry.pk])
    stored = evidence.file.path

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    assert "deleted" in first.content.decode()
    assert "already deleted" in second.content.decode()
    assert not PortfolioEntry.objects.exists()
    assert not os.path.exists(stored)


def test_evidence_delete_removes_the_file(client):
    evidence = EvidenceFactory()
    client.force_login(evidence.entry.participant.user)

    client.post(reverse("mentoring:portfolio_evidence_delete", args=[evidence.pk]))
    again = client.post(
        reverse("mentoring:portfolio_evidence_delete", args=[evidence.pk]), follow=True
    )

    assert not evidence.entry.evidence.exists()
    assert "already removed" in again.content.decode()


def test_mentor_marks_a_shared_entry_and_takes_the_mark_off(client):
    pairing = PairingFactory()
    quality = framework_quality(pairing.participant, name="Systems leadership")
    entry = PortfolioEntryFactory(participant=pairing.participant, shared_with_mentor=True)
    entry.qualities.add(quality)
    client.force_login(pairing.mentor.user)
    mark_url = reverse("mentoring:portfolio_mark", args=[entry.pk])

    client.post(mark_url, {"quality": quality.pk})
    again = client.post(mark_url, {"quality": quality.pk}, follow=True)

    mark = QualityMark.objects.get()
    assert (mark.marked_by, mark.quality) == (pairing.mentor.user, quality)
    assert "already marked" in again.content.decode()
    client.force_login(entry.participant.user)
    own = client.get(reverse("mentoring:portfolio")).content.decode()
    assert f"Systems leadership: marked by {pairing.mentor.user.get_full_name()}" in own
    client.force_login(pairing.mentor.user)
    client.post(reverse("mentoring:portfolio_unmark", args=[entry.pk, mark.pk]))
    assert not QualityMark.objects.exists()


def test_only_someone_it_is_shared_with_may_mark(client):
    pairing = PairingFactory()
    quality = framework_quality(pairing.participant)
    entry = PortfolioEntryFactory(participant=pairing.participant)
    entry.qualities.add(quality)

    for who in (pairing.mentor.user, entry.participant.user, mentor()):
        with pytest.raises(MentoringError):
            services.mark_add(by=who, entry_id=entry.pk, quality_id=quality.pk)
        client.force_login(who)
        url = reverse("mentoring:portfolio_mark", args=[entry.pk])
        assert client.post(url, {"quality": quality.pk}).status_code == 404
    assert not QualityMark.objects.exists()


def test_a_mark_is_taken_off_only_by_its_author(client):
    pairing = PairingFactory()
    quality = framework_quality(pairing.participant)
    entry = PortfolioEntryFactory(participant=pairing.participant, shared_with_mentor=True)
    entry.qualities.add(quality)
    mark = services.mark_add(by=pairing.mentor.user, entry_id=entry.pk, quality_id=quality.pk)

    assert services.mark_remove(by=mentor(), mark_id=mark.pk) is False
    assert services.mark_remove(by=entry.participant.user, mark_id=mark.pk) is False
    assert QualityMark.objects.filter(pk=mark.pk).exists()


def test_zip_export_holds_every_own_entry_and_its_files_with_safe_names(client):
    participant = ParticipantFactory()
    private = PortfolioEntryFactory(participant=participant, title="Private thoughts")
    EvidenceFactory(entry=private, name="Minutes.pdf")
    others = EvidenceFactory(name="Someone else.pdf")
    client.force_login(participant.user)

    response = client.get(reverse("mentoring:portfolio_zip"))

    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    file_name = f"files/{private.evidence.get().pk}-Minutes.pdf"
    assert set(names) == {"index.html", f"entry-{private.pk}.html", file_name}
    assert archive.read(file_name) == TINY_PDF
    assert "Private thoughts" in archive.read("index.html").decode()
    assert file_name in archive.read(f"entry-{private.pk}.html").decode()
    assert others.entry.title not in archive.read("index.html").decode()
    assert all(".." not in name and not name.startswith("/") for name in names)


def test_pdf_export_is_a_tagged_pdf_of_the_owners_entries(client, tmp_path):
    entry = PortfolioEntryFactory(title="Leading through inspection")
    client.force_login(entry.participant.user)

    response = client.get(reverse("mentoring:portfolio_pdf"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is not installed")
    path = tmp_path / "portfolio.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
    assert "Portfolio:" in info.stdout


def test_add_sent_twice_keeps_one_entry(client):
    participant = ParticipantFactory()
    client.force_login(participant.user)

    for _ in range(2):
        response = client.post(reverse("mentoring:portfolio_add"), form_data())
        assert response.status_code == 302

    assert PortfolioEntry.objects.filter(participant=participant).count() == 1


@pytest.mark.parametrize("count", [1, 5])
def test_shared_entries_and_counts_read_in_fixed_queries(django_assert_num_queries, count):
    pairing = PairingFactory()
    fill(pairing.participant, count)
    cohorts = [pairing.participant.cohort] + [CohortFactory() for _ in range(count)]

    with django_assert_num_queries(4):
        shared = selectors.shared_with_mentor(pairing=pairing)
        for entry in shared:
            _ = [e.name for e in entry.evidence.all()], [m.quality for m in entry.marks.all()]
    with django_assert_num_queries(1):
        counts = selectors.cohort_counts(cohort_ids=[cohort.pk for cohort in cohorts])

    assert len(shared) == (count + 1) // 2
    assert counts[pairing.participant.cohort_id].entries == count
    assert counts[pairing.participant.cohort_id].files == count


def test_entries_from_an_earlier_programme_stay_with_their_owner(client):
    earlier = ParticipantFactory(cohort=CohortFactory(status=Cohort.Status.COMPLETED))
    old_quality = framework_quality(earlier, name="From the earlier framework")
    entry = PortfolioEntryFactory(participant=earlier, title="From my first programme")
    entry.qualities.add(old_quality)
    ParticipantFactory(user=earlier.user, cohort=CohortFactory(status=Cohort.Status.RUNNING))
    client.force_login(earlier.user)

    listed = client.get(reverse("mentoring:portfolio")).content.decode()
    edit_url = reverse("mentoring:portfolio_entry", args=[entry.pk])
    edit = client.get(edit_url).content.decode()
    saved = client.post(
        edit_url,
        form_data(qualities=[old_quality.pk], revision=services.revision_of(entry)),
    )

    assert "From my first programme" in listed
    assert "From the earlier framework" in edit
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert list(entry.qualities.all()) == [old_quality]
    assert entry.participant == earlier


def test_a_facilitator_marks_an_entry_shared_with_tutors(client):
    membership = MembershipFactory()
    quality = framework_quality(membership.participant)
    entry = PortfolioEntryFactory(participant=membership.participant, shared_with_facilitators=True)
    entry.qualities.add(quality)
    facilitator = membership.group.facilitator

    mark = services.mark_add(by=facilitator, entry_id=entry.pk, quality_id=quality.pk)

    assert mark.marked_by == facilitator
    with pytest.raises(MentoringError):
        services.mark_add(by=mentor(), entry_id=entry.pk, quality_id=quality.pk)
