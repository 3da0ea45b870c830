"""Sample leadership qualities for each programme: run by ``manage.py load_demo``.

The frameworks are in ``evaluations/demo/data.py``. Every framework loaded here is flagged
``is_sample`` so it is marked as a sample wherever it is shown, and a reload never pushes aside
the qualities coordinators have entered.
"""

from __future__ import annotations

from datetime import date
from io import TextIOBase

from cohorts.models import Programme, Quality, QualityFramework
from csssl.demo import upsert
from evaluations.demo import data
from evaluations.demo.data import SampleFramework


def load_framework(sample: SampleFramework) -> QualityFramework:
    """The sample framework with exactly its qualities, in order.

    It is made the programme's current framework only while no other framework is current, so
    a reload never pushes aside the qualities coordinators have entered.
    """
    programme = Programme.objects.get(slug=sample.programme_slug)
    another_is_current = (
        QualityFramework.objects.filter(programme=programme, is_current=True)
        .exclude(name=sample.name)
        .exists()
    )
    framework = upsert(
        QualityFramework,
        lookup={"programme": programme, "name": sample.name},
        values={
            "introduction": sample.introduction,
            "is_sample": True,
            "is_current": not another_is_current,
        },
    )
    framework.qualities.exclude(name__in=[q.name for q in sample.qualities]).delete()
    for order, quality in enumerate(sample.qualities, start=1):
        upsert(
            Quality,
            lookup={"framework": framework, "name": quality.name},
            values={
                "theme": quality.theme,
                "description": quality.description,
                "indicators": "\n".join(quality.indicators),
                "descriptors": "\n".join(quality.descriptors),
                "order": order,
            },
        )
    return framework


def load(*, today: date, stdout: TextIOBase) -> None:
    """Load a sample quality framework for each programme."""
    for sample in data.SAMPLE_FRAMEWORKS:
        framework = load_framework(sample)
        use = "current" if framework.is_current else "kept aside: another framework is current"
        stdout.write(
            f"Quality framework: {framework.name}, {len(sample.qualities)} qualities ({use})\n"
        )
