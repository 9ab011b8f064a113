"""Synthetic companies, chatbot products and chips, with English and Chinese aliases.

Every name says "Synthetic" (or 合成, Chinese for synthetic) so no row can pass for a real firm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

COUNTRIES = np.array(["China", "United States", "Global", "France", "United Kingdom", "Singapore"])


@dataclass(frozen=True)
class SyntheticEntities:
    table: pd.DataFrame  # entity_id, name, kind, parent_id, country, color, family
    aliases: pd.DataFrame  # alias, entity_id
    companies: np.ndarray  # names of companies that buy chips, raise money and have a valuation
    products: np.ndarray  # names of chatbot products (the subjects of user metrics)
    chips: np.ndarray  # names of chips
    chip_vendors: np.ndarray  # for each chip, the name of the company that sells it


def _block(kind: str, label: str, slug: str, count: int) -> pd.DataFrame:
    numbers = np.char.zfill(np.arange(1, count + 1).astype(str), 4)
    return pd.DataFrame({"entity_id": np.char.add(f"synthetic-{slug}-", numbers),
                         "name": np.char.add(f"Synthetic {label} ", numbers), "kind": kind, "number": numbers})


def make_entities(count: int, rng: np.random.Generator) -> SyntheticEntities:
    chips_n = max(2, count // 20)
    vendors_n = max(1, count // 100)
    companies_n = max(vendors_n + 2, count * 45 // 100)
    products_n = count - chips_n - companies_n
    companies = _block("company", "Co", "co", companies_n)
    products = _block("product", "Chatbot", "chatbot", products_n)
    chips = _block("chip", "Chip", "chip", chips_n)
    # Vendors are the first companies; chips hang off them so the chip view can name the vendor.
    chips["parent_id"] = companies.entity_id.to_numpy()[np.arange(chips_n) % vendors_n]
    chips["family"] = np.char.add("Synthetic family ", np.array(list("ABCDEFGH"))[np.arange(chips_n) % 8])
    products["parent_id"] = companies.entity_id.to_numpy()[rng.integers(vendors_n, companies_n, products_n)]
    table = pd.concat([companies, products, chips], ignore_index=True)
    table["country"] = COUNTRIES[rng.integers(0, len(COUNTRIES), len(table))]
    table["color"] = [f"#{v:06X}" for v in rng.integers(0, 0xFFFFFF, len(table))]
    table = table.reindex(columns=["entity_id", "name", "kind", "parent_id", "country", "color", "family", "number"])
    english = {"company": "Synthetic Company ", "product": "Synthetic Assistant ", "chip": "Synthetic Accelerator "}
    chinese = {"company": "合成公司", "product": "合成助手", "chip": "合成芯片"}
    aliases = pd.concat([
        pd.DataFrame({"alias": table.name, "entity_id": table.entity_id}),
        pd.DataFrame({"alias": table.kind.map(english) + table.number, "entity_id": table.entity_id}),
        pd.DataFrame({"alias": table.kind.map(chinese) + table.number, "entity_id": table.entity_id}),
    ], ignore_index=True)
    vendor_names = dict(zip(companies.entity_id, companies.name, strict=True))
    return SyntheticEntities(
        table=table.drop(columns="number"), aliases=aliases,
        companies=companies.name.to_numpy()[vendors_n:], products=products.name.to_numpy(),
        chips=chips.name.to_numpy(), chip_vendors=chips.parent_id.map(vendor_names).to_numpy())
