"""One error family: every failure the library raises is a BriefgenError.

Each class carries its exit code (part of the public contract, listed in the README)
and, where it helps, a fix hint. The library raises; only the CLI turns an error
into a one-line message and an exit status.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit statuses of the ``briefgen`` command."""

    OK = 0
    FAILURE = 1  # unexpected internal error (a bug): rerun with -v and report it
    USAGE = 2  # bad option or argument (click's own code)
    INPUT = 3  # a document or question could not be read
    PARTIAL = 4  # a batch finished, but some files or themes failed
    NOT_FOUND = 5  # unknown theme, missing file or folder, nothing to answer
    STORE = 6  # the store is locked, corrupt or of another schema version
    OUTPUT = 7  # an output file could not be written
    CONFIG = 8  # a configuration, theme, template or meeting file is invalid


class BriefgenError(Exception):
    """Base of all errors briefgen raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(BriefgenError):
    """A document cannot be read: corrupt, encrypted, empty, undecodable, too large."""

    exit_code = ExitCode.INPUT


class NeedsOCRError(InputError):
    """A PDF has no text layer (a scan)."""


class NotFoundError(BriefgenError):
    """A theme, file, folder or document the user named does not exist."""

    exit_code = ExitCode.NOT_FOUND


class StoreError(BriefgenError):
    """The passage store cannot be used as it is."""

    exit_code = ExitCode.STORE


class StoreLockedError(StoreError):
    """Another process held the store's write lock for longer than we wait."""


class StoreCorruptError(StoreError):
    """The store failed its integrity check on open."""


class SchemaVersionError(StoreError):
    """The store was written by another schema version and cannot be migrated."""


class OutputError(BriefgenError):
    """An output file cannot be written (read-only folder, bad path)."""

    exit_code = ExitCode.OUTPUT


class ConfigError(BriefgenError):
    """A config, theme, lexicon, template or meeting file is invalid."""

    exit_code = ExitCode.CONFIG


class PartialFailure(BriefgenError):
    """A batch ran to the end but some of its items failed."""

    exit_code = ExitCode.PARTIAL
