"""The township's report on the consolidated ledger: counts per office, month and item, and
a bar chart of them (issue #11 item 6; DESIGN.md, the township officer "reports per village,
month and item").

Pure: it is handed the grouped counts the consolidated store read (store/consolidated_store.py)
and answers one dict that the CLI prints, the window shows (table and QPainter bars) and the
exports write. Counted: 出具 (kind issue), 不予出具 (refuse), 受理 (accept) by the day the
document is dated; 作废 by the day of the void entry, under the voided certificate's item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MEASURES = ("issued", "refused", "accepted", "voided")
MEASURE_NAMES = {"issued": "出具", "refused": "不予出具", "accepted": "受理", "voided": "作废"}
_KIND_MEASURE = {"issue": "issued", "refuse": "refused", "accept": "accepted"}
CHART_BY = ("month", "office", "item")
CHART_TITLES = {"month": "各月证明办理件数", "office": "各村证明办理件数", "item": "各事项证明办理件数"}
MAX_BARS = 40  # a chart with more bars is unreadable on paper: the largest are kept, the rest summed


def _zero() -> dict[str, int]:
    return dict.fromkeys(MEASURES, 0)


def item_label(code: str, title: str) -> str:
    return title or code or "（未写事项）"


def build_report(documents: Iterable[tuple], voids: Iterable[tuple], *, office_names: Mapping[str, str],
                 date_from: str, date_to: str, chart_by: str = "month", detail: bool = False) -> dict[str, Any]:
    """documents: (office, month, item_code, item_title, kind, count); voids: (office, month,
    item_code, item_title, count). Returns {"date_from", "date_to", "totals", "by_office",
    "by_month", "by_item", "rows", "chart", "measures"} with every table sorted for reading;
    `rows` (office × month × item) only with `detail` (the .xlsx export's 明细 sheet)."""
    if chart_by not in CHART_BY:
        raise ValueError(f"chart_by must be one of {CHART_BY}")
    totals = _zero()
    by_office: dict[str, dict[str, int]] = {}
    by_month: dict[str, dict[str, int]] = {}
    by_item: dict[tuple[str, str], dict[str, int]] = {}
    cells: dict[tuple[str, str, str, str], dict[str, int]] | None = {} if detail else None

    def add(office: str, month: str, code: str, title: str, measure: str, n: int) -> None:
        # one addition per table: a county's report is ~100,000 groups
        totals[measure] += n
        (by_office.get(office) or by_office.setdefault(office, _zero()))[measure] += n
        (by_month.get(month) or by_month.setdefault(month, _zero()))[measure] += n
        key = (code or "", title or "")
        (by_item.get(key) or by_item.setdefault(key, _zero()))[measure] += n
        if cells is not None:
            cells.setdefault((office, month, key[0], key[1]), _zero())[measure] += n

    kinds = _KIND_MEASURE
    for office, month, code, title, kind, n in documents:
        measure = kinds.get(kind)
        if measure:
            add(office, month, code, title, measure, n)
    for office, month, code, title, n in voids:
        add(office, month, code, title, "voided", n)
    rows = [{"office": office, "office_name": office_names.get(office, ""), "month": month, "item_code": code,
             "item_title": title, **c} for (office, month, code, title), c in sorted((cells or {}).items())]
    offices: list[dict[str, Any]] = [{"office": o, "office_name": office_names.get(o, ""), **c}
                                     for o, c in sorted(by_office.items())]
    months: list[dict[str, Any]] = [{"month": m, **c} for m, c in sorted(by_month.items())]
    items: list[dict[str, Any]] = [{"item_code": code, "item_title": title, **c}
             for (code, title), c in sorted(by_item.items(), key=lambda kv: (-kv[1]["issued"], kv[0]))]
    if chart_by == "month":
        bars = [{"label": m["month"], "values": {k: m[k] for k in MEASURES}} for m in months]
    elif chart_by == "office":
        bars = [{"label": o["office_name"] or o["office"], "values": {k: o[k] for k in MEASURES}} for o in offices]
    else:
        bars = [{"label": item_label(i["item_code"], i["item_title"]), "values": {k: i[k] for k in MEASURES}}
                for i in items]
    if len(bars) > MAX_BARS:
        keep = sorted(bars, key=lambda b: -sum(b["values"].values()))[:MAX_BARS - 1]
        rest = [b for b in bars if b not in keep]
        other = {k: sum(b["values"][k] for b in rest) for k in MEASURES}
        bars = [b for b in bars if b in keep] + [{"label": f"其余 {len(rest)} 项", "values": other}]
    peak = max((max(b["values"].values()) for b in bars), default=0)
    return {
        "date_from": date_from, "date_to": date_to, "totals": totals, "by_office": offices, "by_month": months,
        "by_item": items, "rows": rows, "measures": [{"key": k, "name": MEASURE_NAMES[k]} for k in MEASURES],
        "chart": {"by": chart_by, "title": CHART_TITLES[chart_by], "series": list(MEASURES), "bars": bars, "max": peak},
    }


def void_rates(by_office: Iterable[Mapping[str, Any]]) -> dict[str, tuple[int, int]]:
    """office → (certificates issued, voided) from a report's by_office table."""
    return {o["office"]: (int(o["issued"]), int(o["voided"])) for o in by_office}


def text_bars(chart: Mapping[str, Any], *, width: int = 30, measure: str = "issued") -> list[str]:
    """The chart as lines of text (the CLI's picture): label, a bar of █ and the count."""
    bars = chart.get("bars") or []
    peak = max((b["values"].get(measure, 0) for b in bars), default=0)
    label_width = max((len(b["label"]) for b in bars), default=0)
    out = []
    for b in bars:
        n = b["values"].get(measure, 0)
        length = 0 if not peak else max(1 if n else 0, round(width * n / peak))
        out.append(f"{b['label']:<{label_width}}  {'█' * length} {n}")
    return out
