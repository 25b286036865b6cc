"""The progress bar moved to ``clearlaw.progress`` (shared with ``clearlaw documents``)."""

from __future__ import annotations

from clearlaw.progress import Progress

__all__ = ["Progress"]
