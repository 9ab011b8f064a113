"""How big a synthetic corpus is, with named scales for the benchmark and the tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Sizes:
    docs: int = 10_000
    facts: int = 1_000_000
    events: int = 100_000
    entities: int = 2_000
    doc_chars: int = 3_000  # about 30 MB over 10,000 documents, like a long news article each
    quote_share: float = 0.1  # the rest of the facts and events carry a citation instead

    def __post_init__(self) -> None:
        if self.docs < 1 or self.facts < 1 or self.events < 0 or self.entities < 12:
            raise ValueError("need at least 1 document, 1 fact and 12 entities")
        if not 0 <= self.quote_share <= 1:
            raise ValueError("quote_share must be between 0 and 1")

    @property
    def quoted_facts(self) -> int:
        return round(self.facts * self.quote_share)

    @property
    def quoted_events(self) -> int:
        return min(self.events, round(self.events * self.quote_share))

    @property
    def statements(self) -> int:
        """Chip statements without quantities, one quoted sentence in each of the first documents."""
        return min(self.docs, max(4, self.facts // 500))

    def key(self) -> str:
        """A short name for caches: equal sizes give equal keys."""
        return (f"d{self.docs}-f{self.facts}-e{self.events}-n{self.entities}-c{self.doc_chars}"
                f"-q{self.quote_share:g}")

    def as_dict(self) -> dict:
        return asdict(self) | {"statements": self.statements}


SCALES: dict[str, Sizes] = {
    # 1,000 times the founding data set: the figure the performance targets are stated for.
    "full": Sizes(),
    # A tenth of full, for repeating the build several times inside the benchmark's budget.
    "tenth": Sizes(docs=1_000, facts=100_000, events=10_000, entities=2_000),
    # Small enough for a unit test to generate and build in a few seconds.
    "small": Sizes(docs=40, facts=2_000, events=200, entities=60, doc_chars=1_500),
    "tiny": Sizes(docs=12, facts=400, events=40, entities=24, doc_chars=1_000),
}
