"""report.html beside a model: the card's numbers and charts as embedded PNGs (matplotlib, Agg)."""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import precision_recall_curve  # noqa: E402


def _png(figure: plt.Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def calibration_chart(tables: dict[str, list[dict[str, object]]]) -> str:
    figure, axis = plt.subplots(figsize=(5, 4.5))
    axis.plot([0, 1], [0, 1], color="#999", linestyle="--", label="perfect")
    for name, table in tables.items():
        rows = [r for r in table if r["rows"]]
        axis.plot([r["mean_predicted"] for r in rows], [r["observed_rate"] for r in rows], marker="o", label=name)
    axis.set(xlabel="mean predicted probability", ylabel="observed churn rate", title="Calibration on the holdout window")
    axis.legend()
    return _png(figure)


def pr_chart(curves: dict[str, tuple[np.ndarray, np.ndarray]], base_rate: float) -> str:
    figure, axis = plt.subplots(figsize=(5, 4.5))
    for name, (labels, score) in curves.items():
        precision, recall, _ = precision_recall_curve(labels, score)
        axis.plot(recall, precision, label=name)
    axis.axhline(base_rate, color="#999", linestyle="--", label=f"base rate {base_rate:.3f}")
    axis.set(xlabel="recall", ylabel="precision", title="Precision-recall on the holdout window", xlim=(0, 1), ylim=(0, 1))
    axis.legend()
    return _png(figure)


def importance_chart(importance: list[dict[str, object]]) -> str:
    figure, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    names = [str(g["group"]) for g in importance]
    axes[0].barh(names, [float(g["gain_share"]) for g in importance])  # type: ignore[arg-type]
    axes[0].set(title="share of tree gain", xlabel="share")
    axes[1].barh(names, [float(g["holdout_auc_drop_when_shuffled"]) for g in importance])  # type: ignore[arg-type]
    axes[1].set(title="holdout ROC-AUC lost when the group is shuffled", xlabel="AUC points")
    axes[1].set_yticklabels([])
    return _png(figure)


def _table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in r.values()) + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    return html.escape("" if value is None else str(value))


def render_report(title: str, summary: list[dict[str, object]], sections: list[tuple[str, list[dict[str, object]]]], charts: list[tuple[str, str]]) -> str:
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        _table(summary),
    ]
    for heading, rows in sections:
        parts += [f"<h2>{html.escape(heading)}</h2>", _table(rows)]
    for heading, png in charts:
        parts += [f"<h2>{html.escape(heading)}</h2>", f"<img alt='{html.escape(heading)}' src='data:image/png;base64,{png}'>"]
    parts.append("</body></html>\n")
    return "\n".join(parts)
