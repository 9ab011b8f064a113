"""Every figure next to its target, with PASS/FAIL, as rows for the table and for results.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Row:
    figure: str
    where: str
    value: float | None
    target: str
    passed: bool
    note: str = ""


def _check(value: float | None, limit: float, at_most: bool) -> bool:
    return value is not None and (value <= limit if at_most else value >= limit)


def rows(results: dict) -> list[Row]:
    out = []
    for page, entry in results.get("rerun", {}).items():
        p50, ratio = entry["rerun_ms_p50"], entry["rerun_ratio"]
        note = entry["page"]["change"] + (f"; ERROR {entry['page']['error']}" if entry["page"]["error"] else "")
        out.append(Row("rerun_ms p50", page, p50, "<= 150", _check(p50, 150, True), note))
        out.append(Row("rerun_ratio", page, ratio, "<= 1.5", _check(ratio, 1.5, True),
                       f"bare p50 {entry['bare_ms_p50'] or 0:.0f} ms at {entry['page']['points']} points"))
        default, floor = entry.get("default_rerun_ms_p50"), entry.get("default_rerun_ratio")
        out.append(Row("rerun_ms unchanged", page, default, "<= 150", _check(default, 150, True),
                       "the first view rerun with no change, every query cached"
                       + (f": {floor:.1f}x the bare page, the floor under rerun_ratio" if floor else "")))
    for page, entry in results.get("rerun", {}).items():
        if entry["page"]["error"] and page not in results.get("ttfc", {}):
            # Its first run never finished server-side, so it has no chart to time in a browser either.
            for kind in ("cold", "warm"):
                out.append(Row(f"ttfc_ratio {kind}", page, None, "<= 1.2", False,
                               "not browser-timed: the page's first run did not finish server-side"))
    for page, entry in results.get("ttfc", {}).items():
        for kind in ("cold", "warm"):
            ratio = entry[f"ttfc_ratio_{kind}"]
            page_ms, bare_ms = entry[f"{kind}_p50"], entry[f"bare_{kind}_p50"]
            note = (f"page {page_ms:.0f} ms vs bare {bare_ms:.0f} ms" if page_ms and bare_ms
                    else "timed out in at least one repetition")
            out.append(Row(f"ttfc_ratio {kind}", page, ratio, "<= 1.2", _check(ratio, 1.2, True), note))
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
    return out


def table(report: list[Row]) -> str:
    lines = [f"{'figure':<20} {'where':<22} {'measured':>10} {'target':>8}  result  note", "-" * 110]
    for row in report:
        value = "n/a" if row.value is None else f"{row.value:,.2f}"
        lines.append(f"{row.figure:<20} {row.where:<22} {value:>10} {row.target:>8}  "
                     f"{'PASS' if row.passed else 'FAIL':<6}  {row.note}")
    return "\n".join(lines)


def as_dicts(report: list[Row]) -> list[dict]:
    return [asdict(r) for r in report]
