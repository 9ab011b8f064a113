"""Every figure next to its target (issue 24's table), with PASS/FAIL, as rows for the table and for
results.json. Figures kept for continuity or context have no target: their result is shown as "-"."""

from __future__ import annotations

from dataclasses import asdict, dataclass

NO_TARGET = "-"


@dataclass(frozen=True)
class Row:
    figure: str
    where: str
    value: float | None
    target: str
    passed: bool | None  # None: reported with no target
    note: str = ""


def _check(value: float | None, limit: float, at_most: bool) -> bool:
    return value is not None and (value <= limit if at_most else value >= limit)


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def _rerun_rows(reruns: dict, suffix: str) -> list[Row]:
    out = []
    for page, entry in reruns.items():
        where = page + suffix
        p50, ratio = entry["rerun_ms_p50"], entry["rerun_ratio"]
        note = entry["page"]["change"] + (f"; ERROR {entry['page']['error']}" if entry["page"]["error"] else "")
        out.append(Row("rerun_ms p50", where, p50, "<= 150", _check(p50, 150, True), note))
        if "rerun_twin_ratio" in entry:
            out.append(Row("rerun_twin_ratio", where, entry["rerun_twin_ratio"], NO_TARGET, None,
                           f"twin p50 {_ms(entry['twin_rerun_ms_p50'])}, alternating; unchanged rerun "
                           f"{_ms(entry['default_rerun_ms_p50'])} vs twin {_ms(entry['twin_default_rerun_ms_p50'])}"))
            shape, twin = entry["page"].get("shape"), entry["page"].get("twin_shape")
            if shape:
                out.append(Row("twin_shape", where, None, "= page", shape == twin,
                               f"page {_shape_note(shape)}" + ("" if shape == twin else f"; twin {_shape_note(twin)}")))
        out.append(Row("rerun_ratio (bare)", where, ratio, NO_TARGET, None,
                       f"one-chart bare page p50 {entry['bare_ms_p50'] or 0:.0f} ms at {entry['page']['points']} points"))
        default, floor = entry.get("default_rerun_ms_p50"), entry.get("default_rerun_ratio")
        out.append(Row("rerun_ms unchanged", where, default, "<= 150", _check(default, 150, True),
                       "the first view rerun with no change, every query cached"
                       + (f": {floor:.1f}x the bare page" if floor else "")))
    return out


def _shape_note(shape: dict | None) -> str:
    if not shape:
        return "nothing recorded"
    tables = ", ".join(f"{rows}x{columns}" for rows, columns in shape["tables"]) or "none"
    return f"charts {shape['chart_points']} points, tables {tables}, {shape['widgets']} widgets"


def _ttfc_rows(reruns: dict, ttfc: dict, suffix: str, warm_limit: float = 1.3) -> list[Row]:
    """At 1M facts a warm first chart may take 1.3x its twin's; on the real data, 1.2x."""
    out = []
    for page, entry in reruns.items():
        if entry["page"]["error"] and page not in ttfc:
            # Its first run never finished server-side, so it has no chart to time in a browser either.
            for kind, limit in (("cold", 1.2), ("warm", warm_limit)):
                out.append(Row(f"ttfc_twin_ratio {kind}", page + suffix, None, f"<= {limit}", False,
                               "not browser-timed: the page's first run did not finish server-side"))
    for page, entry in ttfc.items():
        where = page + suffix
        for kind, limit in (("cold", 1.2), ("warm", warm_limit)):
            page_ms, twin_ms, bare_ms = entry[f"{kind}_p50"], entry.get(f"twin_{kind}_p50"), entry[f"bare_{kind}_p50"]
            if f"ttfc_twin_ratio_{kind}" in entry and entry.get("twin_server_loaded_duckdb") is not None:
                ratio = entry[f"ttfc_twin_ratio_{kind}"]
                note = (f"page {page_ms:.0f} ms vs twin {twin_ms:.0f} ms, alternating" if page_ms and twin_ms
                        else "timed out in at least one repetition")
                if entry.get("twin_server_loaded_duckdb"):
                    note += "; WARNING: the twin's server loaded DuckDB"
                out.append(Row(f"ttfc_twin_ratio {kind}", where, ratio, f"<= {limit}", _check(ratio, limit, True), note))
            if not entry.get(f"bare_{kind}_ms", [None]):
                continue  # the bare page was not timed beside this section's pages
            ratio = entry[f"ttfc_ratio_{kind}"]
            note = (f"page {page_ms:.0f} ms vs one-chart bare page {bare_ms:.0f} ms" if page_ms and bare_ms
                    else "timed out in at least one repetition")
            out.append(Row(f"ttfc_ratio (bare) {kind}", where, ratio, NO_TARGET, None, note))
    return out


def rows(results: dict) -> list[Row]:
    out = _rerun_rows(results.get("rerun", {}), "")
    out += _ttfc_rows(results.get("rerun", {}), results.get("ttfc", {}), "")
    if "extraction" in results:
        value = results["extraction"]["extract_mb_s"]
        out.append(Row("extract_mb_s", "single process", value, ">= 1", _check(value, 1, False),
                       f"{results['extraction']['megabytes']:.1f} MB of synthetic documents"))
    for size, entry in results.get("build", {}).items():
        ratio = entry["build_floor_ratio"]
        bound = ">" if entry["ratio_is_lower_bound"] else ""
        note = (f"build {bound}{entry['build_p50_s']:.1f} s vs floor {entry['floor_p50_s']:.1f} s, "
                f"{len(entry['build_s'])} run(s), no caches"
                + (f"; {entry['message']}" if entry["message"] else ""))
        out.append(Row("build_floor_ratio", f"{size} cold", ratio, "<= 3",
                       _check(ratio, 3, True) and entry["finished"], note))
        if "incremental_s" not in entry:
            continue
        ratio = entry["incremental_floor_ratio"]
        seconds = entry["incremental_p50_s"]
        note = ((f"build {seconds:.1f} s vs floor {entry['floor_p50_s']:.1f} s, " if seconds else "did not run; ")
                + f"{len(entry['incremental_s'])} run(s), warm caches, {entry['changed_documents']} document(s) changed"
                + (f"; {entry['incremental_message']}" if entry["incremental_message"] else ""))
        out.append(Row("build_floor_ratio", f"{size} incremental", ratio, "<= 3",
                       _check(ratio, 3, True) and entry["incremental_finished"], note))
    if "memory" in results:
        memory = results["memory"]
        out.append(Row("rss_mb", f"{memory['sessions']} sessions", memory["rss_mb"], "<= 500",
                       _check(memory["rss_mb"], 500, True),
                       f"peak (VmHWM) of {memory['processes']} process(es); {memory['charts_drawn']} charts drawn"))
    real = results.get("real")
    if real:
        out += _rerun_rows(real.get("rerun", {}), " (real)")
        out += _ttfc_rows(real.get("rerun", {}), real.get("ttfc", {}), " (real)", warm_limit=1.2)
    if "seconds" in results:
        minutes = results["seconds"] / 60
        parts = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in results.get("part_seconds", {}).items())
        out.append(Row("bench_minutes", "whole run", minutes, "< 10", minutes < 10, parts))
    return out


def table(report: list[Row]) -> str:
    lines = [f"{'figure':<24} {'where':<22} {'measured':>10} {'target':>8}  result  note", "-" * 120]
    for row in report:
        value = "n/a" if row.value is None else f"{row.value:,.2f}"
        result = NO_TARGET if row.passed is None else ("PASS" if row.passed else "FAIL")
        lines.append(f"{row.figure:<24} {row.where:<22} {value:>10} {row.target:>8}  {result:<6}  {row.note}")
    return "\n".join(lines)


def as_dicts(report: list[Row]) -> list[dict]:
    return [asdict(r) for r in report]
