"""Load the curated entity table and its aliases, and resolve names to entity ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from landscape.checks import Collector
from landscape.csv_rows import read_rows
from landscape.vocabulary import ENTITY_KINDS

ENTITY_COLUMNS = ("entity_id", "name", "kind", "parent_id", "country", "color", "family")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ENTITY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_NAME = 200  # names and aliases are matched in every document; a runaway cell is a mistake


# An alias's optional `context` column: blank, it always matches; "document" or "sentence", it names its
# entity only where that scope also names the entity or its owner through an alias that needs no context
# ("Yi" is 01.AI's model only in a text that names 01.AI; "Moore" is Moore Threads only beside "Moore Threads").
ALIAS_CONTEXTS = ("", "document", "sentence")


@dataclass
class EntityTable:
    entities: list[dict] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    alias_contexts: dict[str, str] = field(default_factory=dict)  # alias -> "document" or "sentence"

    _index: tuple = field(default=(), repr=False, compare=False)

    def _lookup(self) -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
        """Ids, kinds and lower-cased aliases, rebuilt only when the table has grown (it is read per row)."""
        size = (len(self.entities), len(self.aliases))
        if not self._index or self._index[0] != size:
            kinds = {e["entity_id"]: e["kind"] for e in self.entities}
            lowered = {alias.lower(): eid for alias, eid in self.aliases.items()}
            self._index = (size, frozenset(kinds), kinds, lowered)
        return self._index[1:]

    @property
    def ids(self) -> frozenset[str]:
        return self._lookup()[0]

    def kind_of(self, entity_id: str) -> str:
        return self._lookup()[1][entity_id]

    def resolve(self, name: str) -> str | None:
        """An entity id for an id, a display name or an alias (case-insensitive last resort)."""
        value = name.strip()
        if value in self.ids:
            return value
        if value in self.aliases:
            return self.aliases[value]
        return self._lookup()[2].get(value.lower())


def load_entities(entities_csv: Path, aliases_csv: Path, collector: Collector) -> EntityTable:
    table = EntityTable()
    seen: set[str] = set()
    for line, row in read_rows(entities_csv, ENTITY_COLUMNS, collector, ()):
        entity_id = row["entity_id"]
        if not _ENTITY_ID.match(entity_id):
            collector.error(entities_csv, line, f"entity_id {entity_id!r} must be lower-case letters, digits and '-'")
            continue
        if entity_id in seen:
            collector.error(entities_csv, line, f"duplicate entity_id {entity_id!r}")
            continue
        if row["kind"] not in ENTITY_KINDS:
            collector.error(entities_csv, line, f"unknown kind {row['kind']!r} (one of {', '.join(ENTITY_KINDS)})")
            continue
        if not row["name"]:
            collector.error(entities_csv, line, "empty name")
            continue
        if len(row["name"]) > MAX_NAME:
            collector.error(entities_csv, line, f"name is {len(row['name']):,} characters; the limit is {MAX_NAME}")
            continue
        if row["color"] and not _COLOR.match(row["color"]):
            collector.error(entities_csv, line, f"color {row['color']!r} is not #RRGGBB")
            continue
        seen.add(entity_id)
        table.entities.append({k: (row[k] or None) for k in ENTITY_COLUMNS} | {"_line": line})
    for entity in table.entities:
        parent = entity["parent_id"]
        if parent and parent not in seen:
            collector.error(entities_csv, entity["_line"], f"parent_id {parent!r} is not an entity")
    for entity in table.entities:
        table.aliases.setdefault(entity["name"], entity["entity_id"])
    # Rows may leave the optional context off: files and tools that write two columns keep working.
    for line, row in read_rows(aliases_csv, ("alias", "entity_id"), collector, ("context",), added_later=("context",)):
        alias, entity_id = row["alias"], row["entity_id"]
        context = (row.get("context") or "").strip()
        if context not in ALIAS_CONTEXTS:
            collector.error(aliases_csv, line, f"context {context!r} is not one of: blank, document, sentence")
            continue
        if entity_id not in seen:
            collector.error(aliases_csv, line, f"alias {alias!r} points at unknown entity {entity_id!r}")
            continue
        if not alias:
            collector.error(aliases_csv, line, "empty alias")
            continue
        if len(alias) > MAX_NAME:
            collector.error(aliases_csv, line, f"alias is {len(alias):,} characters; the limit is {MAX_NAME}")
            continue
        previous = table.aliases.get(alias)
        if previous and previous != entity_id:
            collector.error(aliases_csv, line, f"alias {alias!r} already means {previous!r}")
            continue
        table.aliases[alias] = entity_id
        if context:
            table.alias_contexts[alias] = context
    for entity in table.entities:
        entity.pop("_line")
    return table
