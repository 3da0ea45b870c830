"""Certificates: issuing (never before the end, once per participation, unique codes), the PDF,
and the public check that confirms a name, a programme and a date of award and nothing more."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cohorts import services
from cohorts.certificates import certificate_pdf, normalise_code
from cohorts.models import (
    CERTIFICATE_CODE_ALPHABET,
    DEFAULT_SIGNATORY_TITLE,
    Certificate,
    Cohort,
    Participant,
)
from tests.factories import (
    CohortFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def ended_cohort(**kwargs) -> Cohort:
    """A cohort whose last day was about four months ago."""
    opened = timezone.now() - timedelta(days=400)
    return CohortFactory(
        applications_open=opened,
        application_deadline=opened + timedelta(days=20),
        status=Cohort.Status.COMPLETED,
        **kwargs,
    )


def at(day, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def squashed(text: str) -> str:
    """Text without whitespace: PDF text extraction breaks lines and spaces kerned words."""
    return "".join(text.split())


@pytest.fixture
def participant() -> Participant:
    programme = ProgrammeFactory(
        name="Children's Services Senior Strategic Leadership programme",
        short_name="CSSSL",
        slug="csssl",
        accreditation="ILM Level 7 certificate",
        certificate_signatory_name="Dr Helen Marsden",
        certificate_signatory_title="Chair, East Midlands DCS group",
    )
    return ParticipantFactory(
        cohort=ended_cohort(programme=programme, name="Cohort 1: Autumn 2025 – Spring 2026"),
        user=UserFactory(first_name="Siân", last_name="Okonkwo-Hughes"),
        organisation=OrganisationFactory(name="Leicestershire County Council"),
        job_title="Head of Early Help",
    )


# --- Issuing -----------------------------------------------------------------------------------


def test_certificate_issue_refused_before_the_end_date():
    participant = ParticipantFactory()  # the factory's cohort ends months from now
    ends_on = participant.cohort.ends_on

    with pytest.raises(services.CohortError, match="when the programme ends"):
        services.certificate_issue(participant=participant, now=at(ends_on - timedelta(days=1)))

    assert not Certificate.objects.exists()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ACTIVE


def test_certificate_issue_allowed_on_the_last_day():
    participant = ParticipantFactory()

    certificate = services.certificate_issue(
        participant=participant, now=at(participant.cohort.ends_on, hour=20)
    )

    assert certificate.awarded_on == participant.cohort.ends_on


def test_certificate_issue_is_idempotent(participant):
    first = services.certificate_issue(participant=participant)
    second = services.certificate_issue(participant=participant)

    assert second.pk == first.pk
    assert second.code == first.code
    assert Certificate.objects.count() == 1
    participant.refresh_from_db()
    assert participant.status == Participant.Status.COMPLETED


def test_certificate_issue_refused_to_someone_who_withdrew(participant):
    participant.status = Participant.Status.WITHDRAWN
    participant.save()

    with pytest.raises(services.CohortError, match="withdrew"):
        services.certificate_issue(participant=participant)

    assert not Certificate.objects.exists()


def test_certificate_keeps_what_it_said_when_programme_changes(participant):
    certificate = services.certificate_issue(participant=participant)
    programme = participant.cohort.programme
    programme.name = "A renamed programme"
    programme.accreditation = "Something else"
    programme.save()
    participant.user.last_name = "Renamed"
    participant.user.save()

    certificate.refresh_from_db()

    assert certificate.name == "Siân Okonkwo-Hughes"
    assert certificate.programme_name == "Children's Services Senior Strategic Leadership programme"
    assert certificate.accreditation == "ILM Level 7 certificate"
    assert certificate.cohort_name == "Cohort 1: Autumn 2025 – Spring 2026"
    assert certificate.signatory_name == "Dr Helen Marsden"
    assert (certificate.starts_on, certificate.ends_on) == (
        participant.cohort.starts_on,
        participant.cohort.ends_on,
    )


def test_certificate_signatory_defaults_to_the_dcs_group_chair():
    participant = ParticipantFactory(cohort=ended_cohort())

    certificate = services.certificate_issue(participant=participant)

    assert certificate.signatory_name == ""
    assert (
        certificate.signatory_title == DEFAULT_SIGNATORY_TITLE == "Chair, East Midlands DCS group"
    )


def test_certificate_codes_are_unique_and_unambiguous():
    cohort = ended_cohort()
    codes = [
        services.certificate_issue(participant=ParticipantFactory(cohort=cohort)).code
        for _ in range(20)
    ]

    assert len(set(codes)) == 20
    for code in codes:
        assert len(code) == 12
        assert set(code) <= set(CERTIFICATE_CODE_ALPHABET)
    assert not set("01ILO") & set(CERTIFICATE_CODE_ALPHABET)


def test_certificate_issue_draws_again_when_a_code_is_taken(monkeypatch):
    cohort = ended_cohort()
    taken = services.certificate_issue(participant=ParticipantFactory(cohort=cohort)).code
    drawn = iter([taken, "7KQ4M2XW9HTC"])
    monkeypatch.setattr(services, "new_certificate_code", lambda: next(drawn))

    certificate = services.certificate_issue(participant=ParticipantFactory(cohort=cohort))

    assert certificate.code == "7KQ4M2XW9HTC"
    assert Certificate.objects.count() == 2


# --- The PDF ----------------------------------------------------------------------------------


def test_certificate_pdf_names_person_accreditation_and_code(participant):
    certificate = services.certificate_issue(participant=participant)

    reader = PdfReader(BytesIO(certificate_pdf(certificate)))
    text = squashed(reader.pages[0].extract_text())

    assert len(reader.pages) == 1
    page = reader.pages[0].mediabox
    assert page.width > page.height  # landscape
    assert squashed("Siân Okonkwo-Hughes") in text
    assert squashed("ILM Level 7 certificate") in text
    assert squashed("Children's Services Senior Strategic Leadership programme") in text
    assert squashed("Cohort 1: Autumn 2025 – Spring 2026") in text
    assert squashed("Dr Helen Marsden") in text
    assert certificate.code in text
    assert squashed(f"/certificates/verify/{certificate.code}/") in text
    assert squashed(f"{certificate.awarded_on:%-d %B %Y}") in text


def test_certificate_pdf_for_alicse_states_credits():
    programme = ProgrammeFactory(accreditation="30 CATS credits at postgraduate level")
    certificate = services.certificate_issue(
        participant=ParticipantFactory(cohort=ended_cohort(programme=programme))
    )

    text = squashed(PdfReader(BytesIO(certificate_pdf(certificate))).pages[0].extract_text())

    assert squashed("30 CATS credits at postgraduate level") in text


# --- The public check --------------------------------------------------------------------------


def test_verify_page_shows_name_programme_and_date_only(client, participant):
    certificate = services.certificate_issue(participant=participant)

    response = client.get(f"/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Siân Okonkwo-Hughes" in body
    assert "Children&#x27;s Services Senior Strategic Leadership programme" in body
    assert f"{certificate.awarded_on:%-d %B %Y}" in body
    for private in (
        participant.user.email,
        "Leicestershire County Council",
        "Head of Early Help",
        "Cohort 1",
        "ILM Level 7",
        "Dr Helen Marsden",
    ):
        assert private not in body, private


def test_verify_unknown_code_is_a_kind_404(client):
    response = client.get("/certificates/verify/7KQ4M2XW9HTC/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "No certificate has this code" in body
    assert "Check it was typed exactly" in body
    assert 'name="code"' in body  # a form to try again


def test_verify_form_sends_a_typed_code_to_its_page(client, participant):
    certificate = services.certificate_issue(participant=participant)
    typed = f" {certificate.code[:4].lower()}-{certificate.code[4:8]} {certificate.code[8:]} "

    response = client.get("/certificates/verify/", {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"
    assert client.get(response["Location"]).status_code == 200


def test_verify_form_explains_a_malformed_code_and_keeps_it(client):
    response = client.get("/certificates/verify/", {"code": "ABC-0O1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "A certificate code has 12 letters and numbers" in body
    assert 'value="ABC-0O1"' in body


def test_verify_form_without_a_code_shows_the_form(client):
    response = client.get("/certificates/verify/")

    assert response.status_code == 200
    assert "Certificate code" in response.content.decode()


def test_verify_lower_case_address_goes_to_the_code_as_printed(client, participant):
    certificate = services.certificate_issue(participant=participant)

    response = client.get(f"/certificates/verify/{certificate.code.lower()}/")

    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()


def test_normalise_code_drops_spaces_and_dashes():
    assert normalise_code(" 7kq4–m2xw 9htc ") == "7KQ4M2XW9HTC"


def test_verify_page_query_count(client, participant, django_assert_num_queries):
    certificate = services.certificate_issue(participant=participant)
    with django_assert_num_queries(1):
        assert client.get(f"/certificates/verify/{certificate.code}/").status_code == 200


def _layout(document) -> list[tuple]:
    return [
        (type(box).__name__, round(box.position_x, 1), round(box.position_y, 1),
         round(box.width or 0, 1), round(box.height or 0, 1))
        for page in document.pages
        for box in page._page_box.descendants()
    ]  # fmt: skip


def test_certificate_pdf_with_its_stylesheet_parsed_once_is_laid_out_as_with_it_linked(
    participant, settings
):
    """css/pdf.css is handed to the renderer parsed once a process; the certificate is laid
    out box for box as it is with the stylesheet linked from the page, and reads the same."""
    from django.template.loader import render_to_string
    from django.templatetags.static import static
    from weasyprint import HTML

    from cohorts.certificates.documents import certificate_stylesheet
    from csssl.pdf import PDF_BASE_URL, _fetcher

    certificate = services.certificate_issue(participant=participant)
    bare = render_to_string(
        "cohorts/certificate.pdf.html",
        {"certificate": certificate, "SITE_NAME": settings.SITE_NAME},
    )
    linked = bare.replace(
        "</head>", f'<link rel="stylesheet" href="{static("css/pdf.css")}"></head>'
    )
    assert linked != bare
    assert "pdf.css" not in bare

    def render(html, **options):
        return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).render(**options)

    ours = render(bare, stylesheets=[certificate_stylesheet()])
    theirs = render(linked)
    assert len(_layout(ours)) > 20
    assert _layout(ours) == _layout(theirs)
    text = squashed(PdfReader(BytesIO(certificate_pdf(certificate))).pages[0].extract_text())
    assert text == squashed(PdfReader(BytesIO(theirs.write_pdf())).pages[0].extract_text())
