"""Remember each document's extraction result between builds, as incremental build tools do.

An entry is keyed on everything the result depends on: the document's id, published date and
text (its sha256), the extractor's own source code, and the entity and alias tables. Change any
of them and the key changes, so a stale entry is never looked up. The file is only a cache: it
is read back through strict checks (its checksum, every field's type, every quote verbatim at its
offsets in the document), and anything that fails them is ignored and extracted afresh. Losing
or deleting the file costs time, never correctness.

The file sits next to the database (``<db>.extract-cache``). Builds append to it, and rewrite it
(atomically) once it holds more entries for documents that are gone or changed than for current ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from landscape.documents import Document
from landscape.entities import EntityTable
from landscape.extract.model import Candidate, EventCandidate, ExtractionResult

FORMAT = 2
_EXTRACTOR_SOURCES = Path(__file__).resolve().parent / "extract"
_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "None": type(None)}


def _field_types(cls: type) -> list[tuple[type, ...]]:
    return [tuple(_TYPES[part.strip()] for part in str(f.type).split("|")) for f in fields(cls)]


_FACT_TYPES = _field_types(Candidate)
_EVENT_TYPES = _field_types(EventCandidate)
_FACT_VALUES = attrgetter(*(f.name for f in fields(Candidate)))
_EVENT_VALUES = attrgetter(*(f.name for f in fields(EventCandidate)))


def extractor_version() -> str:
    """A hash of the extractor's source files and the confidence model's weights: editing the extractor or
    refitting the model invalidates every entry."""
    digest = hashlib.sha256()
    for source in sorted([*_EXTRACTOR_SOURCES.glob("*.py"), *_EXTRACTOR_SOURCES.glob("*.json")]):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def context_hash(table: EntityTable) -> str:
    """What every entry shares: the extractor's version and the entity and alias tables it matched."""
    entities = [[e["entity_id"], e["name"], e["kind"], e["parent_id"]] for e in table.entities]
    payload = json.dumps([FORMAT, extractor_version(), entities, sorted(table.aliases.items()),
                          sorted(table.alias_contexts.items())], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def document_key(context: str, document: Document) -> str:
    published = document.published.isoformat() if document.published else ""
    return hashlib.sha256(f"{context}\0{document.doc_id}\0{published}\0{document.sha256}".encode()).hexdigest()


_GOOD_SIGNATURES: set[tuple] = set()  # (declaration, field types) pairs already checked


def _row(values: object, types: list[tuple[type, ...]]) -> tuple | None:
    """A cached row as a tuple, or None when its shape or any field's type is not as declared."""
    if not isinstance(values, list) or len(values) != len(types):
        return None
    signature = (id(types), *map(type, values))
    if signature not in _GOOD_SIGNATURES:
        # Exact types: bool is an int subclass in Python, and a field declared int must not accept true/false.
        if not all(kind in allowed for kind, allowed in zip(signature[1:], types, strict=True)):
            return None
        _GOOD_SIGNATURES.add(signature)
    return tuple(values)


_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in (Candidate, EventCandidate)}


def _restore(cls: type, values: tuple):
    """The dataclass instance with these field values, set as unpickling does (a frozen dataclass's
    __init__ sets each field through object.__setattr__, several times slower for 150,000 rows)."""
    instance = object.__new__(cls)
    instance.__dict__.update(zip(_NAMES[cls], values, strict=True))
    return instance


def _result(entry: object, text: str) -> ExtractionResult | None:
    """Rebuild one document's result, or None when any part of the entry fails a check."""
    if not isinstance(entry, list) or len(entry) != 2 or not all(isinstance(part, list) for part in entry):
        return None
    result = ExtractionResult()
    for raw_rows, types, cls, target in ((entry[0], _FACT_TYPES, Candidate, result.facts),
                                         (entry[1], _EVENT_TYPES, EventCandidate, result.events)):
        for raw in raw_rows:
            row = _row(raw, types)
            if row is None:
                return None
            candidate = _restore(cls, row)
            if not 0 <= candidate.span_start <= candidate.span_end or \
                    text[candidate.span_start:candidate.span_end] != candidate.quote:
                return None
            target.append(candidate)
    return result


class ExtractionCache:
    """Results by document key, kept in one append-only file.

    The file is a header line, then one line per entry: the sha256 of the rest of the line, the
    document key, and the result as JSON. A build appends the entries it extracted; the file is
    rewritten (atomically) only when it holds more stale entries than live ones. A line that was
    cut short or damaged fails its checksum and is ignored, as is a file whose header does not match.
    """

    def __init__(self, path: Path, table: EntityTable):
        self.path = path
        self.context = context_hash(table)
        self._header = json.dumps({"format": FORMAT, "context": self.context}).encode()
        self._lines, self._entries = self._read()

    def _read(self) -> tuple[int, dict[str, bytes]]:
        try:
            lines = self.path.read_bytes().split(b"\n")
        except OSError:
            return 0, {}
        if lines[0] != self._header:
            return 0, {}
        entries = {}
        for line in lines[1:]:
            digest, _, rest = line.partition(b" ")
            key, _, payload = rest.partition(b" ")
            if payload and hashlib.sha256(rest).hexdigest().encode() == digest:
                entries[key.decode("ascii", "replace")] = payload
        return len(lines) - 1, entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, document: Document) -> ExtractionResult | None:
        """The cached result for this exact document, or None (never a result that fails a check)."""
        payload = self._entries.get(document_key(self.context, document))
        if payload is None:
            return None
        try:
            entry = json.loads(payload)
        except (ValueError, RecursionError):
            return None
        return _result(entry, document.text)

    def save(self, documents: list[Document], results: list[ExtractionResult]) -> None:
        """Record these documents' results: appended when few are new, else a fresh file holding
        exactly these documents. A failure to write is not an error (the next build re-extracts)."""
        keys = [document_key(self.context, d) for d in documents]
        entries = list(zip(keys, results, strict=True))
        new = [(k, r) for k, r in entries if k not in self._entries]
        append = bool(self._lines) and self._lines + len(new) - len(set(keys)) <= len(keys)  # stale <= live
        lines = [_line(k, r) for k, r in (new if append else entries)]
        try:
            if append:
                with self.path.open("ab") as out:
                    out.write(b"".join(b"\n" + line for line in lines))
            else:
                temp = self.path.with_name(f".{self.path.name}.writing-{os.getpid()}")
                try:
                    temp.write_bytes(b"\n".join([self._header, *lines]))
                    os.replace(temp, self.path)
                finally:
                    temp.unlink(missing_ok=True)
        except OSError:
            return


def _line(key: str, result: ExtractionResult) -> bytes:
    payload = json.dumps([[_FACT_VALUES(c) for c in result.facts], [_EVENT_VALUES(e) for e in result.events]],
                         ensure_ascii=False, separators=(",", ":"))
    rest = f"{key} {payload}".encode()
    return hashlib.sha256(rest).hexdigest().encode() + b" " + rest
