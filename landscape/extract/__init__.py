"""Rule-based, offline extraction of candidate facts and events from news text.

Stages: sentences -> numbers, dates, entities -> metrics (what an amount measures) ->
subjects and facts -> events. Proposes only; the build decides what holds.
"""

from landscape.extract.model import AliasIndex, Candidate, EventCandidate, ExtractionResult
from landscape.extract.pipeline import extract_document

__all__ = ["AliasIndex", "Candidate", "EventCandidate", "ExtractionResult", "extract_document"]
