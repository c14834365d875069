from datetime import datetime, timezone

from synthetic_table import write_synthetic_table

from telltale_models.churn_training import train_churn

CREATED = datetime(2025, 1, 2, tzinfo=timezone.utc)


def test_same_table_and_seed_give_identical_model_bytes_and_card(tmp_path):
    table = write_synthetic_table(tmp_path / "table.csv", accounts=200)
    for run in ("a", "b"):
        train_churn(table, tmp_path / run, seed=11, progress=lambda _: None, created_at=CREATED, max_rounds=300)
    assert (tmp_path / "a" / "model.onnx").read_bytes() == (tmp_path / "b" / "model.onnx").read_bytes()
    assert (tmp_path / "a" / "card.json").read_text() == (tmp_path / "b" / "card.json").read_text()


def test_another_seed_gives_another_model(tmp_path):
    table = write_synthetic_table(tmp_path / "table.csv", accounts=200)
    train_churn(table, tmp_path / "a", seed=11, progress=lambda _: None, created_at=CREATED, max_rounds=300)
    train_churn(table, tmp_path / "b", seed=12, progress=lambda _: None, created_at=CREATED, max_rounds=300)
    assert (tmp_path / "a" / "model.onnx").read_bytes() != (tmp_path / "b" / "model.onnx").read_bytes()
