"""Files that are never served as files: kept outside MEDIA_ROOT (which a development server
serves as it is) and handed out only by a view that checks who asks."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A folder named by a setting, read when used (so that a test or a worker may move it)."""

    root_setting = "EXPORT_ROOT"

    @property
    def base_location(self):
        return str(getattr(settings, self.root_setting))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no address; a view serves them to their owner.")


def exports():
    """Where exports of the observation list wait for their owner."""
    return PrivateStorage()
