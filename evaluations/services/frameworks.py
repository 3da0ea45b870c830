"""Framework versions: a round rates against a frozen copy of the programme's qualities.

``version_for`` gives the framework's newest version when the qualities are as it holds them,
or makes a new one when anything has changed since (a quality added, reworded, reordered or
removed, or the scale). So the first round of a cohort fixes what it rates, and editing the
framework afterwards alters no answer, report or plan already made against it.
"""

from __future__ import annotations

import hashlib
import json

from django.db import transaction

from cohorts.models import RATING_SCALE, Quality, QualityFramework
from evaluations.models import FrameworkVersion, VersionQuality


def _descriptors(quality: Quality) -> list[str]:
    """The quality's own descriptor for each point of the scale, else the scale's meaning."""
    own = quality.descriptor_list
    if len(own) == len(RATING_SCALE):
        return own
    return [meaning for _, _, meaning in RATING_SCALE]


def _content(framework: QualityFramework, qualities: list[Quality]) -> dict:
    return {
        "name": framework.name,
        "introduction": framework.introduction,
        "scale": [list(point) for point in RATING_SCALE],
        "qualities": [
            {
                "source": quality.pk,
                "theme": quality.theme,
                "name": quality.name,
                "description": quality.description,
                "descriptors": _descriptors(quality),
            }
            for quality in qualities
        ],
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def version_for(framework: QualityFramework) -> FrameworkVersion:
    """The version of ``framework`` as it stands now: its newest, or a new one if it has
    changed since. The framework row is locked, so two rounds set up at once share one."""
    framework = QualityFramework.objects.select_for_update().get(pk=framework.pk)
    qualities = list(framework.qualities.order_by("order", "pk"))
    content = _content(framework, qualities)
    digest = content_hash(content)
    newest = framework.versions.order_by("-number").first()
    if newest is not None and newest.content_hash == digest:
        return newest
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=(newest.number + 1) if newest else 1,
        name=framework.name,
        introduction=framework.introduction,
        scale=content["scale"],
        content_hash=digest,
    )
    VersionQuality.objects.bulk_create(
        VersionQuality(
            version=version,
            source_id=entry["source"],
            theme=entry["theme"],
            name=entry["name"],
            description=entry["description"],
            descriptors=entry["descriptors"],
            order=order,
        )
        for order, entry in enumerate(content["qualities"], start=1)
    )
    return version
