"""The corpus of malformed specs (tests/corpus/specs_bad/): each file's first line says the
message it must get (``# expect: …``, part of the English text, worked out by hand); a
second line ``# severity: warning`` marks a slip that is shown as a warning. Validated as
`kpi validate` does, against a small published snapshot (tests/test_spec_validation_dims.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpi_warehouse.specs.loader import SpecError, load_spec_files
from kpi_warehouse.specs.validation import validate
from tests.conftest import REPO
from tests.test_spec_validation_dims import make_snapshot

CORPUS = REPO / "tests" / "corpus" / "specs_bad"
FILES = sorted(CORPUS.glob("*.yaml"))
TODAY = date(2026, 11, 29)


def _expectation(path: Path) -> tuple[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# expect: "), path
    severity = "warning" if len(lines) > 1 and lines[1] == "# severity: warning" else "error"
    return lines[0].removeprefix("# expect: "), severity


def test_the_corpus_has_at_least_50_malformed_specs() -> None:
    assert len(FILES) >= 50


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_snapshot(tmp_path_factory.mktemp("snap") / "published.duckdb")


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_each_malformed_spec_gets_its_message(path: Path, snapshot: Path) -> None:
    expect, severity = _expectation(path)
    report = validate([path], REPO / "kpi_specs", snapshot, today=TODAY)
    matching = [p for p in report.problems if expect in str(p)]
    assert matching, [str(p) for p in report.problems]
    assert all(p.line or p.field in ("(file)", "(spec)") for p in matching), "not located"
    assert all(p.message_zh and p.message_en for p in matching)
    if severity == "error":
        assert any(p.is_error for p in matching)
        assert report.specs == [], "an erroneous spec would still be scored"
    else:
        assert [p.severity for p in matching] == ["warning"] * len(matching)
        assert report.errors == [] and len(report.specs) == 1


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_the_build_refuses_what_validation_refuses(path: Path) -> None:
    """The build's loader (no snapshot at hand) refuses every spec that `kpi validate`
    without a snapshot refuses, with a SpecError — never a traceback."""
    report = validate([path], REPO / "kpi_specs", None, today=TODAY)
    if report.errors:
        with pytest.raises(SpecError):
            load_spec_files([path])
    else:
        assert len(load_spec_files([path])) == 1
