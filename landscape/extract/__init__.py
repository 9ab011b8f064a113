"""Rule-based, offline extraction of candidate facts and events from news text.

Stages: sentences -> numbers, dates, entities -> metrics (what an amount measures) ->
subjects and facts -> events. Proposes only; the build decides what holds.

The stages compile their patterns on import (about 0.2 s), so the package exports them lazily: the
dashboard reads calibration.SHOW_THRESHOLD without paying for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["AliasIndex", "Candidate", "EventCandidate", "ExtractionResult", "extract_document"]

if TYPE_CHECKING:
    from landscape.extract.model import AliasIndex, Candidate, EventCandidate, ExtractionResult
    from landscape.extract.pipeline import extract_document


def __getattr__(name: str):
    if name == "extract_document":
        from landscape.extract.pipeline import extract_document

        return extract_document
    if name in __all__:
        from landscape.extract import model

        return getattr(model, name)
    raise AttributeError(f"module 'landscape.extract' has no attribute {name!r}")
