"""The demo's HTML report: what moved, how long each stage took, and the verdict.

Charts are inline SVG written here, so the report is one self-contained file
that opens in any browser with nothing to install.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from netsuite_ap_sync.warehouse import reports
from netsuite_ap_sync.warehouse.sql import load_sql

COLOURS = {"read": "#9db4d3", "applied": "#1f5fa8", "stage": "#2e8b57"}


def _bars(title: str, rows: list[tuple[str, dict[str, float]]], unit: str) -> str:
    """Horizontal grouped bars: one group per label, one bar per series."""
    series = sorted({name for _, values in rows for name in values})
    peak = max([v for _, values in rows for v in values.values()] + [1])
    bar, gap, label_w, plot_w = 14, 10, 230, 420
    height = len(rows) * (len(series) * bar + gap) + 40
    parts = [f'<svg width="{label_w + plot_w + 120}" height="{height}" role="img" aria-label="{html.escape(title)}">']
    y = 30
    for label, values in rows:
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar}" text-anchor="end" font-size="13">{html.escape(label)}</text>'
        )
        for name in series:
            value = values.get(name, 0)
            width = max(1, plot_w * value / peak)
            colour = COLOURS.get(name, "#888")
            parts.append(f'<rect x="{label_w}" y="{y}" width="{width:.1f}" height="{bar - 2}" fill="{colour}"/>')
            shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
            caption = html.escape(name if len(series) > 1 else unit)
            parts.append(
                f'<text x="{label_w + width + 6:.1f}" y="{y + bar - 3}" font-size="12">{shown} {caption}</text>'
            )
            y += bar
        y += gap
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body or '<tr><td>none</td></tr>'}</table>"


def run_quarantine_rows(engine: Engine, partner_id: str) -> list[list]:
    """Each object and check as the last run that quarantined under it reported it: records,
    the first sample's stored reason, and a few record ids."""
    latest: dict[tuple[str, str], dict] = {}
    for row in reports.all_run_quarantines(engine, partner_id):
        latest[(row["object_type"], row["check_name"])] = row
    return [
        [
            f"{obj}: {check}",
            row["records"],
            row["samples"][0]["reason"] if row["samples"] else "",
            ", ".join(s["source_id"] or "(no id)" for s in row["samples"]),
            f"{row['dag_id']} {row['run_id']}",
        ]
        for (obj, check), row in sorted(latest.items())
    ]


def write(path: Path, engine: Engine, partner_id: str, stages: dict[str, float], audit: dict) -> Path:
    with engine.connect() as conn:
        objects = [
            dict(r) for r in conn.execute(load_sql("reports/by_object.sql"), {"partner_id": partner_id}).mappings()
        ]
    arrow = {"netsuite_to_ap": "NetSuite → AP", "ap_to_netsuite": "AP → NetSuite"}
    record_rows = [
        (
            f"{o['object_type']} ({arrow[o['direction']]})",
            {"read": float(o["read_count"]), "applied": float(o["applied"])},
        )
        for o in objects
    ]
    stage_rows = [(name, {"stage": seconds}) for name, seconds in stages.items()]
    summary = audit["summary"]
    verdict = "reconciled: OK" if not audit["violations"] else f"{len(audit['violations'])} violation(s)"
    moved = [[m["target_system"], m["action"], m["status"], m["n"]] for m in summary["moved"]]
    held = [[h["kind"], h["outcome_rule"], h["n"]] for h in summary["held"]]
    quarantined = [[reason, n] for reason, n in sorted(summary["quarantined"].items())]
    by_run = run_quarantine_rows(engine, partner_id)
    manual = [
        [a["rule"], a["invoice_number"] or "", a["amount"] or "", a["message"]] for a in summary["manual_actions"]
    ]
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NetSuite ⇄ AP sync: {html.escape(partner_id)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 960px; color: #1d2733; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
.verdict {{ font-size: 1.3rem; padding: .6rem 1rem; border-radius: 6px; display: inline-block;
  background: {"#e3f4e8" if not audit["violations"] else "#fbe4e4"}; }}
table {{ border-collapse: collapse; margin: .5rem 0; }} td, th {{ border: 1px solid #d5dbe3; padding: .3rem .6rem;
  font-size: .9rem; text-align: left; }} th {{ background: #f2f5f9; }}
.legend span {{ display: inline-block; width: 12px; height: 12px; margin: 0 .3rem 0 1rem; }}
</style></head><body>
<h1>NetSuite ⇄ Alternative Payments: partner {html.escape(partner_id)}</h1>
<p>{datetime.now(UTC):%Y-%m-%d %H:%M UTC}</p>
<p class="verdict">{html.escape(verdict)}</p>
{"".join(f"<p>{html.escape(v)}</p>" for v in audit["violations"])}
<h2>Records per object and direction</h2>
<p class="legend"><span style="background:{COLOURS["read"]}"></span>read
<span style="background:{COLOURS["applied"]}"></span>applied</p>
{_bars("records per object", record_rows, "records")}
<h2>Time per stage (seconds, through Airflow)</h2>
{_bars("seconds per stage", stage_rows, "s")}
<h2>What was posted</h2>
{_table(["system", "action", "status", "records"], moved)}
<h2>Held (waiting, never dropped)</h2>
{_table(["object", "rule", "records"], held)}
<h2>Quarantined, with the reason</h2>
{_table(["object: check", "records"], quarantined)}
<h2>Quarantined by check, as the run reports counted them</h2>
{_table(["object: check", "records", "reason (first record)", "sample records", "last run"], by_run)}
<h2>For a person to do</h2>
{_table(["rule", "invoice", "amount", "what to do"], manual)}
</body></html>
"""
    path.write_text(page)
    return path
