"""The corpus of faulty facts files (tests/corpus/facts_bad/cases.yaml): each gets its
located error, or its result comes with a visible warning — never a silent score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from kpi_warehouse.preview.files import InputFileError, read_frame
from kpi_warehouse.preview.score import score_frames
from kpi_warehouse.specs.loader import load_spec
from tests.conftest import REPO, demo_env, kpi

CORPUS = REPO / "tests" / "corpus" / "facts_bad"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
SPEC = REPO / "kpi_specs" / "schemes" / "example-gongsu-2026.yaml"
PEOPLE = REPO / "kpi_specs" / "examples" / "people-example.csv"


def test_the_corpus_has_at_least_30_faulty_files() -> None:
    assert len(CASES) >= 30
    assert len({c["file"] for c in CASES}) == len(CASES)
    assert all((CORPUS / c["file"]).exists() for c in CASES)


def _facts_path(case: dict[str, Any], tmp_path: Path) -> Path:
    path = CORPUS / case["file"]
    if "excel" not in case:
        return path
    from openpyxl import load_workbook

    xlsx = tmp_path / path.with_suffix(".xlsx").name
    pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    merge = case["excel"].get("merge")
    if merge:
        book = load_workbook(xlsx)
        book.worksheets[0].merge_cells(merge)
        book.save(xlsx)
    return xlsx


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_each_faulty_facts_file_is_reported(case: dict[str, Any], tmp_path: Path) -> None:
    spec = load_spec(SPEC)
    people_path = CORPUS / case["people"] if "people" in case else PEOPLE
    try:
        facts = read_frame(_facts_path(case, tmp_path))
        preview = score_frames([spec], facts, read_frame(people_path), "2026Q1")
    except InputFileError as exc:
        assert case.get("severity", "error") == "error", f"refused, expected a warning: {exc}"
        assert case["expect"] in str(exc), str(exc)
        return
    assert case.get("severity") == "warning", "scored silently"
    shown = [str(w) for w in preview.warnings]
    assert any(case["expect"] in w for w in shown), shown
    assert not preview.appraisals.empty


def test_kpi_score_shows_the_warnings_beside_the_result(tmp_path: Path) -> None:
    proc = kpi(
        demo_env(tmp_path),
        "score",
        str(SPEC),
        "--facts",
        str(CORPUS / "people_not_in_people_file.csv"),
        "--people",
        str(PEOPLE),
        "--period",
        "2026Q1",
    )
    assert "P1" in proc.stdout and "警告 / warning" in proc.stderr
    assert "people_not_in_people_file.csv 第 7 行 / row 7 [person_id]" in proc.stderr


def test_kpi_score_names_the_file_row_and_column_of_an_error(tmp_path: Path) -> None:
    proc = kpi(
        demo_env(tmp_path),
        "score",
        str(SPEC),
        "--facts",
        str(CORPUS / "kind_in_wrong_case.csv"),
        "--people",
        str(PEOPLE),
        "--period",
        "2026Q1",
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert "kind_in_wrong_case.csv 第 4 行 / row 4 [kind]" in proc.stderr
    assert "是不是“late”" in proc.stderr
