from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Quality, QualityFramework


def current_framework(*, programme_slug: str) -> QualityFramework:
    """The published framework of a published programme, with its qualities, or 404."""
    return get_object_or_404(
        QualityFramework.objects.select_related("programme").prefetch_related(
            Prefetch("qualities", queryset=Quality.objects.order_by("order", "pk"))
        ),
        programme__slug=programme_slug,
        programme__is_published=True,
        is_current=True,
    )


def qualities_by_theme(framework: QualityFramework) -> list[tuple[str, list[Quality]]]:
    themes: dict[str, list[Quality]] = {}
    for quality in framework.qualities.all():
        themes.setdefault(quality.theme, []).append(quality)
    return list(themes.items())
