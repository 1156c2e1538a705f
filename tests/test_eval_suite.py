"""The suite format: validation errors name the file and case, folders load recursively, and the
published JSON schema is the one the pydantic model generates (and accepts the real datasets)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from _eval_fakes import ALL_FOUR, case, write_suite
from interview_coach.evals.schema import schema_text
from interview_coach.evals.suite import SuiteError, load_suite, load_suites, suite_files

REPO = Path(__file__).resolve().parents[1]


def test_loads_a_full_case(tmp_path: Path) -> None:
    path = write_suite(
        tmp_path / "s.yaml",
        [
            case(
                "c1",
                "An answer.",
                ALL_FOUR,
                tags=["nurse"],
                context={"role": "Nurse", "company": "St X", "seniority": "senior"},
                **{
                    "assert": {
                        "overall_min": 70,
                        "criterion_max": {"enthusiasm": 2},
                        "flags": ["money_only"],
                        "warning": "w",
                        "unscored": False,
                    }
                },
            )
        ],
        thresholds={"qwk_min": 0.5},
    )
    loaded = load_suite(path)
    c = loaded.suite.cases[0]
    assert c.context.role == "Nurse"
    assert c.expected is not None and c.expected.complete
    assert c.assertions is not None and c.assertions.count == 5
    assert loaded.suite.thresholds is not None and loaded.suite.thresholds.qwk_min == 0.5


@pytest.mark.parametrize(
    ("bad_case", "needle"),
    [
        ({"expected": {"scores": {"enthusiasm": 6}}}, "case 'c2': expected.scores.enthusiasm"),
        ({"expected": {"scores": {"charisma": 3}}}, "unknown criteria ['charisma']"),
        ({"split": "test"}, "case 'c2': split"),
        ({"assert": {"unscored_reason": "too_short"}}, "case 'c2': assert.unscored_reason"),
        ({"surprise": 1}, "case 'c2': surprise"),
    ],
)
def test_errors_name_file_and_case(tmp_path: Path, bad_case: dict, needle: str) -> None:
    bad = case("c2", "Another.")
    bad.update(bad_case)
    path = write_suite(tmp_path / "bad.yaml", [case("c1", "Fine."), bad])
    with pytest.raises(SuiteError) as err:
        load_suite(path)
    assert str(path) in str(err.value)
    assert needle in str(err.value)


def test_case_without_id_is_named_by_index(tmp_path: Path) -> None:
    no_id = case("x", "text")
    del no_id["id"]
    path = write_suite(tmp_path / "s.yaml", [case("c1", "a"), no_id])
    with pytest.raises(SuiteError, match=r"case #2: id"):
        load_suite(path)


def test_duplicate_ids_and_bad_yaml(tmp_path: Path) -> None:
    dup = write_suite(tmp_path / "a.yaml", [case("c1", "a"), case("c1", "b")])
    with pytest.raises(SuiteError, match="duplicate id 'c1'"):
        load_suite(dup)
    broken = tmp_path / "broken.yaml"
    broken.write_text("suite: x\ncases: [\n")
    with pytest.raises(SuiteError, match=r"broken.yaml: invalid YAML"):
        load_suite(broken)


def test_folders_load_recursively_and_skip_thresholds_file(tmp_path: Path) -> None:
    write_suite(tmp_path / "dev" / "core.yaml", [case("c1", "a")])
    write_suite(tmp_path / "holdout" / "deep" / "adv.yml", [case("c2", "b")], name="adv")
    (tmp_path / "thresholds.yaml").write_text("offline: {}\n")
    (tmp_path / "notes.txt").write_text("not a suite")
    files = suite_files([tmp_path])
    assert [p.name for p in files] == ["core.yaml", "adv.yml"]
    assert [s.suite.suite for s in load_suites([tmp_path])] == ["core", "adv"]


def test_same_id_twice_in_one_suite_name_across_files(tmp_path: Path) -> None:
    write_suite(tmp_path / "a.yaml", [case("c1", "a")])
    write_suite(tmp_path / "b.yaml", [case("c1", "b")])
    with pytest.raises(SuiteError, match="already used in suite 'core'"):
        load_suites([tmp_path])


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="no such file"):
        suite_files([tmp_path / "nope"])
    with pytest.raises(SuiteError, match="no suite files"):
        suite_files([tmp_path])


def test_published_schema_is_up_to_date() -> None:
    published = (REPO / "evals" / "schema.json").read_text(encoding="utf-8")
    assert published == schema_text(), (
        "evals/schema.json is stale: run `.venv/bin/python -m interview_coach.evals.schema`"
    )


def test_schema_rejects_what_the_model_rejects() -> None:
    schema = json.loads(schema_text())
    good = {"suite": "s", "cases": [case("c1", "a", ALL_FOUR, **{"assert": {"overall_min": 5}})]}
    jsonschema.validate(good, schema)
    bad = {"suite": "s", "cases": [case("c1", "a", {"enthusiasm": 9})]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_real_datasets_load_and_match_the_schema() -> None:
    files = suite_files([REPO / "evals"])
    schema = json.loads(schema_text())
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    assert sum(len(s.suite.cases) for s in load_suites([REPO / "evals"])) > 0
