"""Errors of the loading layer. Bad input raises a `LoaderError`; anything
else that escapes a loader is a bug."""

from __future__ import annotations


class LoaderError(Exception):
    """A file could not be read. The message names the file (and the place
    in it, when there is one)."""

    def __init__(self, message: str, path: str, where: str | None = None) -> None:
        self.message = message
        self.path = path
        self.where = where
        at = f" ({where})" if where else ""
        super().__init__(f"{path}{at}: {message}")


class UnsupportedFormat(LoaderError):
    """No reader for this kind of file."""


class ReadError(LoaderError):
    """The file is corrupt, encrypted, empty or otherwise unreadable."""
