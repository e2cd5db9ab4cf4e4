"""The old home of the file writers, kept for logtail_doctor.remediation's import.

The outputs live in logtail_doctor.outputs (files, terminal, summary_file,
junit, html, write); import them from there.
"""

from __future__ import annotations

from logtail_doctor.outputs.files import write_text

__all__ = ["write_text"]
