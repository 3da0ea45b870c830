"""The public leadership-qualities PDF of a programme's current framework."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ProgrammeFactory, QualityFactory, QualityFrameworkFactory

pytestmark = pytest.mark.django_db


def squashed(text: str) -> str:
    """Text without whitespace: text extraction puts spaces inside kerned words ("T est")."""
    return "".join(text.split())


def pages_text(content: bytes) -> list[str]:
    return [squashed(page.extract_text()) for page in PdfReader(BytesIO(content)).pages]


def qualities_url(programme) -> str:
    return reverse("cohorts:qualities_pdf", kwargs={"slug": programme.slug})


@pytest.fixture
def framework():
    framework = QualityFrameworkFactory(
        programme=ProgrammeFactory(name="Children's Services Strategic Senior Leadership"),
        name="CSSSL leadership qualities",
        introduction="Qualities the region's Directors of Children's Services value most.",
        is_sample=True,
    )
    QualityFactory(
        framework=framework,
        theme="Personal qualities",
        name="Self-awareness",
        description="Understands their own strengths and their impact on others.",
        indicators="Asks for and acts on feedback\nReflects on decisions",
    )
    QualityFactory(
        framework=framework,
        theme="Leading the system",
        name="Systems thinking",
        description="Sees how services and partners connect.",
        indicators="Builds shared goals with health, police and schools",
    )
    return framework


def test_qualities_pdf_answers_pdf(client, framework):
    response = client.get(qualities_url(framework.programme))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_qualities_pdf_shows_themes_qualities_and_indicators(client, framework):
    text = "".join(pages_text(client.get(qualities_url(framework.programme)).content))

    for expected in (
        "CSSSL leadership qualities",
        "Children's Services Strategic Senior Leadership",
        "Qualities the region's Directors of Children's Services value most.",
        "Personal qualities",
        "Self-awareness",
        "Understands their own strengths and their impact on others.",
        "Asks for and acts on feedback",
        "Reflects on decisions",
        "Leading the system",
        "Systems thinking",
        "Builds shared goals with health, police and schools",
    ):
        assert squashed(expected) in text


def test_qualities_pdf_themes_in_framework_order(client, framework):
    text = "".join(pages_text(client.get(qualities_url(framework.programme)).content))

    assert text.index(squashed("Self-awareness")) < text.index(squashed("Systems thinking"))


def test_qualities_pdf_sample_notice_on_first_page(client, framework):
    first_page = pages_text(client.get(qualities_url(framework.programme)).content)[0]

    assert squashed("Sample qualities") in first_page
    assert squashed("This wording is a sample") in first_page


def test_qualities_pdf_agreed_framework_has_no_sample_notice(client, framework):
    framework.is_sample = False
    framework.save()

    text = "".join(pages_text(client.get(qualities_url(framework.programme)).content))

    assert squashed("Self-awareness") in text
    assert "sample" not in text.lower()


def test_qualities_pdf_no_current_framework_is_404(client):
    framework = QualityFrameworkFactory(is_current=False)
    QualityFactory(framework=framework)

    response = client.get(qualities_url(framework.programme))

    assert response.status_code == 404


def test_qualities_pdf_unpublished_programme_is_404(client, framework):
    framework.programme.is_published = False
    framework.programme.save()

    response = client.get(qualities_url(framework.programme))

    assert response.status_code == 404


@pytest.mark.parametrize(("qualities", "themes"), [(2, 1), (8, 4)], ids=["small", "larger"])
def test_qualities_pdf_query_count_does_not_grow_with_data(
    client, django_assert_num_queries, qualities, themes
):
    framework = QualityFrameworkFactory(is_sample=False)
    for number in range(qualities):
        QualityFactory(
            framework=framework,
            theme=f"Theme {number % themes + 1}",
            name=f"Quality number {number}",
            indicators=f"Indicator {number}",
        )

    # The framework with its programme, and its qualities.
    with django_assert_num_queries(2):
        response = client.get(qualities_url(framework.programme))

    assert response.status_code == 200
    text = "".join(pages_text(response.content))
    assert squashed(f"Quality number {qualities - 1}") in text
    assert squashed(f"Theme {themes}") in text
