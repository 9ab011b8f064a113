"""Write a synthetic corpus: DIR/seeds/ (documents + sources.csv) and DIR/data/ (entities, aliases,
FX rates, curated facts, events and chip statements), deterministic from a seed.

It only writes files in the formats the build reads; it never builds, and it refuses to write
anywhere that would touch the project's own seeds/ or data/.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from landscape import paths
from landscape.synth import records, text
from landscape.synth.calendar import make_calendar, months
from landscape.synth.entities import make_entities
from landscape.synth.sizes import Sizes

# Bump whenever the output for a given seed and sizes changes, so cached corpora are remade.
GENERATOR_VERSION = "1"
MARKER = "SYNTHETIC.json"
DOC_PUBLISHER = "Synthetic benchmark text"
FX_SOURCE = "Synthetic benchmark rate, not a real exchange rate"
FX_CENTRES = {"EUR": 1.10, "CNY": 0.145}


class SynthError(Exception):
    """The output directory is not a safe place for synthetic data."""


@dataclass(frozen=True)
class SynthResult:
    out: Path
    seeds_dir: Path
    data_dir: Path
    sizes: Sizes
    seed: int
    documents: int
    document_bytes: int
    facts: int
    quoted_facts: int
    events: int
    statements: int
    entities: int
    seconds: float


def _protected() -> list[Path]:
    return sorted({p.resolve() for p in (paths.ROOT / "seeds", paths.ROOT / "data", paths.SEEDS_DIR, paths.DATA_DIR)})


def check_out(out: Path) -> Path:
    """The resolved output directory, or SynthError if writing there could touch real inputs."""
    out = Path(out).resolve()
    for protected in _protected():
        for written in (out, out / "seeds", out / "data"):
            if written == protected or written.is_relative_to(protected) or protected.is_relative_to(written):
                raise SynthError(f"refusing to write synthetic data to {out}: it would touch {protected}, "
                                 "which holds real inputs. Choose a directory outside the project's seeds/ and data/.")
    for sub in (out / "seeds", out / "data"):
        if sub.exists() and any(sub.iterdir()) and not (out / MARKER).exists():
            raise SynthError(f"{sub} already holds files that this generator did not write; choose an empty directory")
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, na_rep="", lineterminator="\n")


def _fx_rates(rng: np.random.Generator, calendar) -> pd.DataFrame:
    """A random walk around a plausible level for every month used, each row saying it is synthetic."""
    month_list = months(calendar)
    frames = []
    for currency, centre in FX_CENTRES.items():
        walk = centre * np.exp(np.cumsum(rng.normal(0, 0.01, len(month_list))))
        frames.append(pd.DataFrame({
            "currency": currency, "period": month_list, "usd_per_unit": np.round(walk, 5), "source": FX_SOURCE,
            "url": [f"https://synthetic.invalid/fx/{currency}/{m}" for m in month_list], "note": "synthetic"}))
    return pd.concat(frames, ignore_index=True)


def _write_documents(seeds: Path, sizes: Sizes, doc_days: np.ndarray, calendar, sentences: list[list[str]],
                     companies: list[str], seed: int) -> int:
    rng = random.Random(seed)
    rows, total = [], 0
    for number in range(sizes.docs):
        name, title = f"syn_{number:05d}.md", f"Synthetic benchmark article {number:05d}"
        published, url = calendar.iso[doc_days[number]], f"https://synthetic.invalid/articles/{number:05d}"
        front = (f'---\ntitle: "{title}"\npublisher: "{DOC_PUBLISHER}"\nurl: "{url}"\npublished: "{published}"\n'
                 "published_is_estimate: false\nfictional: true\nsynthetic: true\n---\n")
        data = (front + text.assemble(title, sentences[number], rng, companies, sizes.doc_chars)).encode("utf-8")
        (seeds / name).write_bytes(data)
        total += len(data)
        rows.append({"file": name, "title": title, "publisher": DOC_PUBLISHER, "url": url, "published": published,
                     "published_is_estimate": "false", "published_basis": "synthetic: generated date"})
    _write_csv(pd.DataFrame(rows), seeds / "sources.csv")
    return total


def generate(out: Path, sizes: Sizes, seed: int = 0) -> SynthResult:
    """Write the corpus under out/ (replacing an earlier synthetic corpus there) and describe it."""
    started = time.perf_counter()
    out = check_out(out)
    seeds, data = out / "seeds", out / "data"
    for sub in (seeds, data):
        shutil.rmtree(sub, ignore_errors=True)
    (data / "curated").mkdir(parents=True)
    seeds.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    calendar = make_calendar()
    entities = make_entities(sizes.entities, rng)
    doc_days = rng.integers(0, calendar.size, sizes.docs)
    fact_quotes, fact_cites, fact_sentences = records.make_facts(sizes, entities, doc_days, calendar, rng)
    event_quotes, event_cites, event_sentences = records.make_events(sizes, entities, doc_days, calendar, rng)
    statements, statement_sentences = records.make_statements(sizes, entities, doc_days, calendar, rng)
    sentences: list[list[str]] = [[] for _ in range(sizes.docs)]
    for doc, sentence in (*fact_sentences, *event_sentences, *statement_sentences):
        sentences[doc].append(sentence)
    document_bytes = _write_documents(seeds, sizes, doc_days, calendar, sentences, list(entities.companies), seed)
    _write_csv(entities.table, data / "entities.csv")
    _write_csv(entities.aliases, data / "entity_aliases.csv")
    _write_csv(_fx_rates(rng, calendar), data / "fx_rates.csv")
    curated = data / "curated"
    _write_csv(fact_quotes, curated / "synthetic_document_facts.csv")
    _write_csv(fact_cites, curated / "synthetic_cited_facts.csv")
    _write_csv(event_quotes, curated / "synthetic_document_events.csv")
    _write_csv(event_cites, curated / "synthetic_cited_events.csv")
    _write_csv(statements, curated / "synthetic_chip_statements.csv")
    result = SynthResult(out=out, seeds_dir=seeds, data_dir=data, sizes=sizes, seed=seed, documents=sizes.docs,
                         document_bytes=document_bytes, facts=sizes.facts, quoted_facts=len(fact_quotes),
                         events=sizes.events, statements=len(statements), entities=len(entities.table),
                         seconds=time.perf_counter() - started)
    (out / MARKER).write_text(json.dumps({
        "synthetic": True, "generator_version": GENERATOR_VERSION, "seed": seed, "sizes": sizes.as_dict(),
        "documents": result.documents, "document_bytes": document_bytes, "facts": result.facts,
        "quoted_facts": result.quoted_facts, "events": result.events, "statements": result.statements,
        "entities": result.entities, "seconds": round(result.seconds, 2)}, indent=2) + "\n")
    return result
