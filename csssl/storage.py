"""Where the product keeps the files it stores: certificate zips and portfolio evidence.

Every web and worker process reads and writes the same storage, ``STORAGES["private"]``,
chosen by ``PRIVATE_STORAGE_BACKEND`` and ``PRIVATE_STORAGE_OPTIONS``: by default the folder
``PRIVATE_MEDIA_ROOT`` (one volume shared by every container), or an S3-compatible bucket or
any other Django storage a deployment names. Nothing stored there has an address of its own:
a file reaches a person only through the view that checks who may read it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty

PRIVATE_STORAGE_ALIAS = "private"


class PrivateStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``, outside the web root. It has no URL: a file is
    reached only through the view that checks who may read it."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no address of their own: serve them by a view.")


class _PrivateFiles(LazyObject):
    """``storages["private"]``, looked up when first used and again after STORAGES changes,
    so a model field can name it while the settings still decide what it is."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


private_files: Storage = _PrivateFiles()


def private_storage() -> Storage:
    """The storage of every private file field (a callable, so migrations name it, not the
    backend of the machine that wrote them)."""
    return private_files


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        private_files._wrapped = empty


@checks.register(checks.Tags.security, deploy=False)
def private_folder_outside_the_web_roots(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A private folder inside (or around) a folder the web server hands out would let
    anyone who guesses a name download a file: refused at start-up."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = {"MEDIA_ROOT": settings.MEDIA_ROOT, "STATIC_ROOT": settings.STATIC_ROOT}
    return [
        checks.Error(
            f"PRIVATE_MEDIA_ROOT ({private}) and {name} ({root}) overlap: files on the "
            "private storage could be served without a permission check.",
            hint=f"Give PRIVATE_MEDIA_ROOT a folder outside {name}.",
            id="csssl.E001",
        )
        for name, value in public.items()
        if value
        for root in [Path(value).resolve()]
        if private.is_relative_to(root) or root.is_relative_to(private)
    ]
