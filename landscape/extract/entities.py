"""Find known entities (through the alias table) and unknown capitalised names in text.

Matching is exact and case-sensitive: analysts curate the alias table, so "Spark" the product
must not fire on "spark". Latin aliases need word boundaries; Chinese aliases have no word
boundaries to respect and match as substrings. At any position the longest alias wins.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from landscape.extract.scanning import trie_alternation

# Subjects of a metric are organisations or their products; people, places and chips are not.
SUBJECT_KINDS = frozenset({"company", "product", "group"})
_ASCII_WORD = "A-Za-z0-9_"


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    kind: str
    parent_id: str | None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_id: str | None
    text: str


def _is_latin(alias: str) -> bool:
    return alias[:1].isascii()


def _alias_pattern(aliases: list[str]) -> str:
    """One regex over many aliases, factored by shared prefixes so the scan stays fast.

    Longer continuations come before the end of a word, so the longest alias wins; a Latin
    alias must also start and end at a word boundary. The alternatives at the top each open
    with a literal character, so that `re` skips ahead quickly to where an alias may start; a
    Latin alias checks the character before it once its first one has matched.
    """
    by_first: dict[str, list[str]] = {}
    for alias in filter(None, aliases):
        by_first.setdefault(alias[0], []).append(alias[1:])
    latin, other = [], []
    for first, rests in sorted(by_first.items()):
        if _is_latin(first):
            latin.append(f"{re.escape(first)}(?<![{_ASCII_WORD}]{re.escape(first)})"
                         + trie_alternation(rests, f"(?![{_ASCII_WORD}])"))
        else:
            other.append(re.escape(first) + trie_alternation(rests))
    if "" in aliases:  # never from the loaders; kept as the one-trie version matched it
        latin.append(f"(?<![{_ASCII_WORD}])(?![{_ASCII_WORD}])")
    return "|".join(latin + other)


_CAMEL_CASE = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")  # one word with an inner capital: "DeepSeek", "ChatGPT"
_CAPITALISED_NAME = re.compile(r"[A-Z][A-Za-z]+")
_SENTENCE_EDGE = re.compile(r"[.!?。！？]\s|\n")
# A list number glued to the name that follows ("• 1Qianwen DAU jumped"): the name still counts.
_GLUED_NUMBER = re.compile(r"[ \t]*(?:[-–—*•·▪◦][ \t]*)?\d{1,2}(?=[A-Z][a-z])")  # matched at a line's start
_CAPITALISED_WORD_END = re.compile(r"(?<![\w-])[A-Z][\w]*$")
_NUMBERED_LINE = re.compile(r"\n[ \t]*(?:[-–—*•·▪◦][ \t]*)?\d{1,2}(?=[A-Z][a-z])")
_GENERIC_LAST_WORDS = frozenset({"Bot", "App", "Chat", "Assistant"})
_NAME_WORDS = re.compile(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?")


class AliasIndex:
    """Entities and their aliases, with one compiled matcher over all aliases.

    `contexts` maps an alias that is ambiguous on its own ("Yi", "Spark", "Moore") to the scope,
    "document" or "sentence", that must also name its entity or the entity's owner through an alias
    with no context for it to count.
    """

    def __init__(self, entities: dict[str, Entity], aliases: dict[str, str],
                 contexts: dict[str, str] | None = None) -> None:
        self.entities = entities
        self.aliases = aliases
        self.contexts = {alias: scope for alias, scope in (contexts or {}).items() if alias in aliases and scope}
        # Python's regex alternation takes the first branch that matches at a position, so
        # ordering by length makes the longest alias win ("Meta AI" over "Meta").
        self._matcher = re.compile(_alias_pattern(list(aliases))) if aliases else None
        vendors = [e.parent_id for e in entities.values() if e.kind == "chip" and e.parent_id]
        self.vendor_ids = frozenset(vendors)
        # Companies that sell several chip models (Nvidia, AMD, Huawei): sellers, not buyers, of "GPUs"
        # when no chip is named. One in-house accelerator (Google's TPU) does not make a buyer a seller.
        self.merchant_vendor_ids = frozenset(v for v in self.vendor_ids if vendors.count(v) >= 2)
        self._kinds = {entity_id: entity.kind for entity_id, entity in entities.items()}
        self.groups = self._group_members()
        self._chip_aliases: tuple[str, ...] | None = None
        products: dict[str, list[str]] = {}
        for entity in entities.values():
            if entity.kind == "product" and entity.parent_id:
                products.setdefault(entity.parent_id, []).append(entity.entity_id)
        self._products = {owner: tuple(sorted(ids)) for owner, ids in products.items()}
        self.app_of_model = self._apps_of_models()

    @classmethod
    def from_csv(cls, entities_csv: Path, aliases_csv: Path) -> AliasIndex:
        entities: dict[str, Entity] = {}
        with open(entities_csv, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                entities[row["entity_id"]] = Entity(
                    entity_id=row["entity_id"],
                    name=row["name"],
                    kind=row["kind"],
                    parent_id=row.get("parent_id") or None,
                )
        aliases: dict[str, str] = {}
        contexts: dict[str, str] = {}
        with open(aliases_csv, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                alias, entity_id = row["alias"].strip(), row["entity_id"].strip()
                if alias and entity_id in entities:
                    aliases[alias] = entity_id
                    if (row.get("context") or "").strip():
                        contexts[alias] = row["context"].strip()
        # An entity's own name is always an alias of itself.
        for entity in entities.values():
            aliases.setdefault(entity.name, entity.entity_id)
        # News often lowercases the inner capital of a one-word name ("Deepseek", "Minimax", "Stepfun").
        for alias, entity_id in list(aliases.items()):
            if _CAMEL_CASE.fullmatch(alias):
                variant = alias[0] + alias[1:].lower()
                if variant not in aliases:
                    aliases[variant] = entity_id
                    if alias in contexts:
                        contexts[variant] = contexts[alias]
        # ... and lowercases a product name's generic last word ("Ernie bot" for "Ernie Bot").
        for alias, entity_id in list(aliases.items()):
            head, _, last = alias.rpartition(" ")
            if head and last in _GENERIC_LAST_WORDS and entities[entity_id].kind == "product":
                variant = f"{head} {last.lower()}"
                if variant not in aliases:
                    aliases[variant] = entity_id
                    if alias in contexts:
                        contexts[variant] = contexts[alias]
        # ... and drops a possessive's apostrophe ("DeepSeeks app", "Nvidias stock").
        for alias, entity_id in list(aliases.items()):
            if len(alias) >= 5 and _CAPITALISED_NAME.fullmatch(alias) and not alias.endswith(("s", "S")) \
                    and entities[entity_id].kind in ("company", "product"):
                variant = alias + "s"
                if variant not in aliases:
                    aliases[variant] = entity_id
                    if alias in contexts:
                        contexts[variant] = contexts[alias]
        return cls(entities, aliases, contexts)

    def _apps_of_models(self) -> dict[str, str]:
        """A product whose alias is another product's alias plus a word, under the same owner ("Ernie" and
        "Ernie Bot"): the shorter names the model, the longer its app, which is what people use and download."""
        names: dict[str, list[str]] = {}
        for alias, entity_id in self.aliases.items():
            names.setdefault(entity_id, []).append(alias)
        apps: dict[str, str] = {}
        for entity_id, entity in self.entities.items():
            if entity.kind != "product" or not entity.parent_id:
                continue
            for sibling in self._products.get(entity.parent_id, ()):
                if sibling != entity_id and any(longer.startswith(short + " ") and " " not in longer[len(short) + 1:]
                                                for short in names.get(entity_id, ()) for longer in names.get(sibling, ())):
                    apps[entity_id] = sibling
        return apps

    def _group_members(self) -> dict[frozenset[str], str]:
        """Group entities list their members as an alias like "ByteDance; Alibaba; Tencent"."""
        groups: dict[frozenset[str], str] = {}
        for alias, entity_id in self.aliases.items():
            if self.entities[entity_id].kind != "group" or ";" not in alias:
                continue
            members = [self.aliases.get(part.strip()) for part in alias.split(";")]
            if all(members):
                groups[frozenset(m for m in members if m)] = entity_id
        return groups

    def find(self, text: str) -> list[Mention]:
        if self._matcher is None:
            return []
        mentions = [
            Mention(m.start(), m.end(), self.aliases[m.group()], m.group())
            for m in self._matcher.finditer(text)
        ]
        if "$" in text:  # a currency's prefix is no mention of its country: "US$538 million", "HK$165"
            mentions = [m for m in mentions if not text.startswith("$", m.end)]
        if "\n" in text or text[:1].isdigit():
            mentions = self._glued(text, mentions)
        if "-" in text:
            mentions = self._compounds(text, mentions)
        if self.contexts:
            mentions = self._in_context(text, mentions)
        return mentions

    def _compounds(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop a name that ends a hyphenated word ("Large-Scale AI"), unless the word before is a name
        too ("Meta-Scale AI": both companies)."""
        ends = {m.end for m in mentions}
        return [m for m in mentions if not (m.start >= 2 and text[m.start - 1] == "-" and text[m.start - 2].isalnum()
                                             and m.start - 1 not in ends and _CAPITALISED_WORD_END.search(text[max(0, m.start - 40):m.start - 1]))]

    def _glued(self, text: str, mentions: list[Mention]) -> list[Mention]:
        extra = []
        numbers = [_GLUED_NUMBER.match(text), *_NUMBERED_LINE.finditer(text)]
        for number in filter(None, numbers):
            # the matcher's look-behind rejects a name right after a digit: look the words up instead
            words = _NAME_WORDS.match(text, number.end())
            if words is None:
                continue
            name = next((n for n in (words.group(), words.group().split()[0]) if n in self.aliases), None)
            if name and not any(m.start <= number.end() < m.end for m in mentions):
                extra.append(Mention(number.end(), number.end() + len(name), self.aliases[name], name))
        if not extra:
            return mentions
        return sorted(mentions + extra, key=lambda m: m.start)

    def _owners(self, entity_id: str) -> set[str]:
        parent = self.entities[entity_id].parent_id
        return {entity_id, parent} if parent else {entity_id}

    def _in_context(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop the mentions through a context alias whose scope does not also name the entity or its owner."""
        plain = [m for m in mentions if m.text not in self.contexts]
        if len(plain) == len(mentions):
            return mentions
        kept = []
        for mention in mentions:
            scope = self.contexts.get(mention.text)
            if scope is None:
                kept.append(mention)
                continue
            owners = self._owners(mention.entity_id or "")
            if scope == "sentence":
                lo = max((m.end() for m in _SENTENCE_EDGE.finditer(text, 0, mention.start)), default=0)
                edge = _SENTENCE_EDGE.search(text, mention.end)
                hi = edge.start() if edge else len(text)
                nearby = [m for m in plain if lo <= m.start < hi]
            else:
                nearby = plain
            if any(m.entity_id in owners or (m.entity_id and self.entities[m.entity_id].parent_id in owners)
                   for m in nearby):
                kept.append(mention)
        return kept

    def kind(self, entity_id: str | None) -> str | None:
        return self._kinds.get(entity_id or "")

    def name(self, entity_id: str) -> str:
        return self.entities[entity_id].name

    def parent(self, entity_id: str) -> str | None:
        return self.entities[entity_id].parent_id

    def products_of(self, entity_id: str) -> tuple[str, ...]:
        """The products a company owns, by id."""
        return self._products.get(entity_id, ())

    def chip_aliases(self) -> tuple[str, ...]:
        """Latin chip aliases, sorted; asked once per document, computed once per index."""
        if self._chip_aliases is None:
            self._chip_aliases = tuple(sorted(a for a, e in self.aliases.items()
                                              if self.entities[e].kind == "chip" and _is_latin(a)))
        return self._chip_aliases


# Capitalised words that start sentences or name things that are not organisations.
NOT_NAMES = frozenset("""
A An The This That These Those It Its It's In On At By For From With Without As Of To And But Or
Nor So Yet If When While Where Which Who Whose What Why How After Before During Since Until
Last Next Earlier Later Today Yesterday Tomorrow Meanwhile However Separately Also Still Now
Analysts Analyst Investors Shares Sales Revenue Data According Chinese American European US U.S.
UK EU China Beijing Shanghai Shenzhen Hangzhou Hong Kong Paris London Washington Silicon Valley
CEO CFO COO CTO Chief Executive Officer President Chairman Founder Co-founder Mr Ms Mrs Dr
AI GPU GPUs LLM App Store Series Seed Reuters Bloomberg CNBC TechCrunch Omdia Sensor Tower
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Q1 Q2 Q3 Q4 H1 H2
Its Their His Her Our We They He She I You Some Many Most Several Both Each All Other Another
One Two Three Four Five Six Seven Eight Nine Ten Half Nearly About Around More Over Under
Global Globally Overall Together Combined Such Under Rival Rivals Source Sources People
DAU DAUs MAU MAUs WAU WAUs ARR IPO IPOs GMV YoY QoQ II III IV VI TL DR Key Takeaways Takeaway Facts Ranking Rankings
Domestic International Potential Conditional Update Updated Read Why Notably Currently Recently Meanwhile Despite
Following Looking Based Including Excluding Its Funding Valuation Revenue Users User Downloads Chips Capex
Table Contents Summary Context Details Metric Now Data Report Reports Reported A.I A.I. U.S. Product Products
Latest Top Best Most List Index Chart Leaderboard Tracker Information Verge Wall Street Journal Financial Times
Appfigures Similarweb SimilarWeb QuestMobile Counterpoint Aicpb SemiAnalysis TrendForce IDC Canalys Gartner LSEG PitchBook
Crunchbase Insights Statcounter Sensor Tower Jiemian LatePost Caixin Xinhua Total Raised Annual Monthly Weekly Daily
CapEx CAPEX RMB CNY USD HKD EUR GBP JPY KRW INR SGD TWD Yuan Renminbi
""".split())

_DESCRIPTOR = re.compile(r"-(?:based|backed|owned|listed|headquartered|founded|led)$")
# A capital not after a letter, digit or apostrophe (checked once it has matched, so that `re`
# skips ahead to capitals quickly), the rest of its word, then more capitalised words.
_NAME_RUN = re.compile(
    r"[A-Z](?<![A-Za-z0-9_'’][A-Z])(?:[A-Za-z0-9&'’.-]*[A-Za-z0-9])?"
    r"(?:\s(?:[A-Z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|AI|Labs?|Inc\.?))*"
)


# A dateline: capitalised place names opening a wire story ("TOKYO/SEOUL:", "PARIS (Reuters) -").
_DATELINE_BEFORE = re.compile(r"(?:^|\n|/)\s*\Z")
_DATELINE_AFTER = re.compile(r"\s*(?:/|:|\(|[-–—]\s)")


# A bullet, a numbered item or a label ("Huawei Ascend (2026): Potential order ...") opens a clause as a
# sentence does: its first capitalised word is usually an ordinary word.
_OPENS_A_CLAUSE = re.compile(r"(?:^|[:•·▪◦*|]|^\s*[-–—]|^\s*\d{1,2}[.)])\s*$")


def find_new_names(text: str) -> list[Mention]:
    """Runs of capitalised words that may name an organisation we do not know yet."""
    names: list[Mention] = []
    for match in _NAME_RUN.finditer(text):
        words = match.group().split()
        # Drop leading sentence-words such as "Separately" or "The".
        while words and (words[0].rstrip("'’s") in NOT_NAMES or _DESCRIPTOR.search(words[0])):
            words = words[1:]
        while words and words[-1] in NOT_NAMES and words[-1] not in ("AI", "Labs"):
            words = words[:-1]
        if not words:
            continue
        start = match.start() + match.group().index(words[0])
        # One capitalised word opening a sentence is usually an ordinary word ("Orders of ...");
        # model names like "V3" are not organisations either.
        if len(words) == 1 and (start == 0 or _OPENS_A_CLAUSE.search(text, 0, start)
                                or re.fullmatch(r"[A-Z]+\d[\w.]*|[A-Z]\d*", words[0])):
            continue
        name = " ".join(words)
        if name.isupper() and _DATELINE_AFTER.match(text, start + len(name)) \
                and _DATELINE_BEFORE.search(text, max(0, start - 40), start):
            continue
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        if len(name) < 2 or name.isdigit():
            continue
        names.append(Mention(start, start + len(name), None, name))
    return names


def find_new_names_in(text: str, start: int, end: int) -> list[Mention]:
    """find_new_names of the sentence text[start:end], with offsets into `text`."""
    return [Mention(m.start + start, m.end + start, m.entity_id, m.text) for m in find_new_names(text[start:end])]
