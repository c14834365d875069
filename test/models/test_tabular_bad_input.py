"""A table, an argument or a model the bring-your-own-table pipeline refuses: named, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from test_tabular_pipeline import train, write_tabular_table

from telltale_models.__main__ import main
from telltale_models.tabular_scoring import TabularModelError, load_tabular_model, score_table
from telltale_models.tabular_table import TabularTableError


@pytest.fixture
def table(tmp_path: Path) -> Path:
    return write_tabular_table(tmp_path / "table.csv", customers=200)


def edit(path: Path, change) -> Path:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False)
    return path


def test_an_unknown_label_column_is_named_with_the_columns_the_table_has(table, tmp_path):
    with pytest.raises(TabularTableError, match=r"no column for --label 'cancelled'.*customer_id, month, plan"):
        train(table, tmp_path / "out", label="cancelled")
    assert not (tmp_path / "out").exists()


def test_a_label_that_is_not_binary_names_its_line_and_value(table, tmp_path):
    edit(table, lambda f: f.__setitem__("churned", f["churned"].where(f.index != 4, "maybe")))
    with pytest.raises(TabularTableError, match=r"label column 'churned': line 6 has 'maybe' \(1 row\(s\) in all\)"):
        train(table, tmp_path / "out")


def test_a_label_with_one_outcome_in_a_part_is_refused(table, tmp_path):
    edit(table, lambda f: f.__setitem__("churned", "no"))
    with pytest.raises(TabularTableError, match="every part needs both outcomes"):
        train(table, tmp_path / "out")


def test_a_row_with_too_few_fields_names_its_line(table, tmp_path):
    lines = table.read_text().splitlines()
    lines[9] = ",".join(lines[9].split(",")[:-2])
    table.write_text("\n".join(lines) + "\n")
    with pytest.raises(TabularTableError, match=r"line 10: 7 fields, the header has 9"):
        train(table, tmp_path / "out")


def test_a_time_column_that_is_not_a_date_names_its_line(table, tmp_path):
    edit(table, lambda f: f.__setitem__("month", f["month"].where(f.index != 2, "last spring")))
    with pytest.raises(TabularTableError, match=r"time column 'month': line 4 has 'last spring'"):
        train(table, tmp_path / "out")


def test_a_time_column_with_too_few_distinct_times_is_refused(table, tmp_path):
    edit(table, lambda f: f.__setitem__("month", "2024-01-01"))
    with pytest.raises(TabularTableError, match="1 distinct time"):
        train(table, tmp_path / "out")


def test_an_identifier_like_text_column_is_set_aside_with_its_reason(table, tmp_path):
    edit(table, lambda f: f.__setitem__("email", [f"user{i}@example.com" for i in range(len(f))]))
    card = train(table, tmp_path / "out")
    assert [c["name"] for c in card["table"]["excluded_columns"]] == ["email"]
    assert "identifier or free text" in card["table"]["excluded_columns"][0]["reason"]
    assert "email" not in [c["name"] for c in card["table"]["columns"]]


def test_the_cli_refuses_label_with_another_model_or_without_out(table, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "expansion", "--table", str(table), "--label", "churned", "--out", str(tmp_path / "o")])
    assert exit_info.value.code == 2 and "--label trains a churn model" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "churn", "--table", str(table), "--label", "churned"])
    assert "--out is required with --label" in capsys.readouterr().err


def test_the_cli_exits_with_status_2_and_the_reason_for_a_bad_table(table, tmp_path, capsys):
    assert main(["train", "churn", "--table", str(table), "--label", "nope", "--out", str(tmp_path / "o")]) == 2
    assert "no column for --label 'nope'" in capsys.readouterr().err


def test_scoring_a_table_missing_columns_names_every_one(table, tmp_path):
    train(table, tmp_path / "model")
    edit(table, lambda f: f.drop(columns=["seats", "nps"], inplace=True))
    with pytest.raises(TabularTableError, match=r"lacks 2 column\(s\) the model needs: seats, nps"):
        score_table(load_tabular_model(tmp_path / "model"), table)


def test_a_tampered_model_file_or_card_is_refused(table, tmp_path):
    train(table, tmp_path / "model")
    model = tmp_path / "model" / "model.onnx"
    original = model.read_bytes()
    model.write_bytes(original[:-10])
    with pytest.raises(TabularModelError, match="sha256"):
        load_tabular_model(tmp_path / "model")
    model.write_bytes(original)
    card_path = tmp_path / "model" / "card.json"
    card = json.loads(card_path.read_text())
    card["table"]["columns"][0]["categories"] = {"basic": 0, "enterprise": 2, "pro": 1}
    card_path.write_text(json.dumps(card))
    with pytest.raises(TabularModelError, match="fingerprint"):
        load_tabular_model(tmp_path / "model")
