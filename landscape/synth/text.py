"""News-like synthetic sentences: the quoted ones that back facts, events and chip statements,
and plain filler, since most sentences in real reporting carry no figure at all."""

from __future__ import annotations

import random

from landscape.vocabulary import METRIC_LABELS

STATUS_PHRASES = {
    "reported": "the synthetic report said",
    "estimate": "according to synthetic estimates",
    "planned": "under a synthetic plan",
    "prospective": "in a prospective synthetic deal",
    "expected": "as synthetic analysts expected",
    "rumoured": "synthetic rumours said",
}
QUALIFIER_WORDS = {"exact": "", "about": "about ", "over": "over ", "nearly": "nearly ", "up to": "up to ",
                   "at least": "at least ", "approximately": "approximately "}
EVENT_PHRASES = {
    "launch": "launched a synthetic chatbot", "funding": "closed a synthetic funding round",
    "valuation": "agreed a synthetic share sale", "regulation": "came under a synthetic rule",
    "hire": "hired a synthetic executive", "chips": "ordered synthetic chips",
    "datacentre": "opened a synthetic data centre", "leadership": "changed its synthetic leadership",
    "lab": "opened a synthetic AI lab", "partnership": "signed a synthetic partnership",
    "other": "made a synthetic announcement",
}
_CURRENCY = {"USD": ("$", ""), "EUR": ("€", ""), "CNY": ("", " yuan")}
_PLAIN = (
    "{org} has positioned itself as a synthetic player in the generative AI landscape.",
    "People familiar with the synthetic matter said the plans were still being discussed internally.",
    "Engineers cite the integration of search, translation and image generation as a distinguishing feature.",
    "Concerns persist about whether heavy spending on synthetic infrastructure can be sustained.",
    "The company declined to comment on the synthetic report, and a spokesperson did not respond.",
    "Rivals including {org} and {org2} have released chatbots of their own, intensifying competition.",
    "Regulators are watching the synthetic sector closely as tensions over technology grow.",
    "Analysts said margins remain thin even as usage of {org}'s assistant keeps climbing.",
)


def amount(value: float) -> str:
    """12300000 -> '12.3 million', the way a news report writes a figure."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:,.0f}"


def money(value: float, unit: str) -> str:
    before, after = _CURRENCY.get(unit, ("", f" {unit}"))
    return f"{before}{amount(value)}{after}"


def fact_sentence(entity: str, metric: str, value: float, unit: str, qualifier: str, status: str,
                  when: str, chip: str, region: str) -> str:
    """One sentence stating one figure; the fact's quote is this sentence without its full stop."""
    figure = QUALIFIER_WORDS[qualifier]
    said = STATUS_PHRASES[status]
    if metric in ("valuation", "funding", "revenue", "gpu_spend"):
        figure += money(value, unit)
        verb = {"valuation": "was valued at", "funding": "raised", "revenue": "booked revenue of",
                "gpu_spend": "spent"}[metric]
        tail = f" on {chip} chips" if metric == "gpu_spend" else (" in a funding round" if metric == "funding" else "")
        return f"{entity} {verb} {figure}{tail} {when}, {said}"
    if metric == "gpu_units":
        where = f" for use in {region}" if region else ""
        what = "GPUs" if unit == "GPUs" else "H100-equivalents of"
        return f"{entity} bought {figure}{value:,.0f} {chip} {what}{where} {when}, {said}"
    label = METRIC_LABELS[metric].lower() if metric != "users" else "users"
    return f"{entity} had {figure}{amount(value)} {label} {when}, {said}"


def event_sentence(entity: str, kind: str, when: str) -> str:
    return f"{when[0].upper()}{when[1:]}, {entity} {EVENT_PHRASES[kind]}"


def statement_sentence(buyer: str, chip: str, region: str) -> str:
    what = f"{chip} chips" if chip else "data-centre capacity"
    where = "without saying where" if region == "Not stated" else f"in {region}"
    return f"{buyer} buys {what} {where} through a synthetic channel"


def plain_sentence(rng: random.Random, companies: list[str]) -> str:
    return rng.choice(_PLAIN).format(org=rng.choice(companies), org2=rng.choice(companies))


def assemble(title: str, quoted: list[str], rng: random.Random, companies: list[str], target_chars: int) -> str:
    """A headline and paragraphs: the quoted sentences mixed with filler until the target length."""
    sentences = [s + "." for s in quoted]
    length = sum(len(s) + 1 for s in sentences)
    while length < target_chars:
        filler = plain_sentence(rng, companies)
        sentences.append(filler)
        length += len(filler) + 1
    rng.shuffle(sentences)
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
