"""Write tests/scoring/golden/golden.json: scoring inputs with their expected results.

    .venv/bin/python tests/scoring/make_golden.py

Covers every real rubric (assessments/*/rubric.yaml) in every language file
next to it, plus the fixture rubrics of the tests, each with the same
deterministic answer sets. Run it again whenever a rubric or the scoring rules
change *on purpose*, and review the diff: tests/scoring/test_golden.py checks
that CPython and Pyodide (in Node) both reproduce these results byte for byte.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLDEN = HERE / "golden" / "golden.json"
if str(REPO) not in sys.path:  # run as a script: make the repo's packages importable
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from breakthrough_scoring import RubricError, load_rubric, score_json  # noqa: E402
from tests.scoring.scoring_fixtures import FIXTURES, texts_for  # noqa: E402

LANGUAGE_ORDER = ("en", "zh", "fr", "pl")
Answers = dict[str, Any]


def _choices(structure: dict[str, Any], item: dict[str, Any]) -> list[Any]:
    if "choice" in item:
        return [option["id"] for option in item["choice"]]
    return list(structure["answer_scales"][item["answers"]]["values"])


def _each_item(structure: dict[str, Any], pick: Callable[[int, list[Any]], Any]) -> Answers:
    return {item["id"]: pick(index, _choices(structure, item)) for index, item in enumerate(structure["items"])}


def answer_sets(structure: dict[str, Any]) -> dict[str, tuple[int, Answers]]:
    """Name -> (version sent, answers). Deterministic: the same structure gives the same sets."""
    version = structure["version"]
    likert = [item for item in structure["items"] if "choice" not in item]
    mixed = _each_item(structure, lambda i, values: values[(3 * i + 1) % len(values)])
    sets: dict[str, tuple[int, Answers]] = {
        "all-min": (version, _each_item(structure, lambda i, values: values[0])),
        "all-max": (version, _each_item(structure, lambda i, values: values[-1])),
        "middle": (version, _each_item(structure, lambda i, values: values[len(values) // 2])),
        "mixed": (version, mixed),
        "too-few": (version, {key: mixed[key] for key in list(mixed)[:3]}),
        "straight-lining": (
            version,
            {item["id"]: _choices(structure, item)[1] for item in likert}
            or _each_item(structure, lambda i, values: values[1]),
        ),
        "old-version": (version + 1, mixed),
    }
    if likert:
        first = likert[0]
        sets["off-scale"] = (version, mixed | {first["id"]: _choices(structure, first)[-1] + 1})
    else:
        sets["unknown-option"] = (version, mixed | {structure["items"][0]["id"]: "no-such-option"})
    return sets


def _language_key(path: Path) -> tuple[int, str]:
    language = path.stem
    return (LANGUAGE_ORDER.index(language) if language in LANGUAGE_ORDER else len(LANGUAGE_ORDER), language)


def real_rubrics(repo: Path = REPO) -> tuple[list[tuple[str, dict[str, Any], dict[str, Any]]], list[str]]:
    """(source, structure, texts) for every loadable real rubric and language; and what was skipped, why."""
    found = []
    skipped = []
    for rubric_path in sorted((repo / "assessments").glob("*/rubric.yaml")):
        folder = rubric_path.parent
        structure = yaml.safe_load(rubric_path.read_text(encoding="utf-8"))
        for texts_path in sorted(folder.glob("*.yaml"), key=_language_key):
            if texts_path.name == "rubric.yaml":
                continue
            texts = yaml.safe_load(texts_path.read_text(encoding="utf-8"))
            source = f"assessments/{folder.name}/{texts_path.name}"
            try:
                load_rubric(structure, texts, language=texts_path.stem)
            except RubricError as error:
                skipped.append(f"{source}: {len(error.problems)} problem(s), first: {error.problems[0]}")
                continue
            found.append((source, structure, texts))
    return found, skipped


def fixture_rubrics() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(f"fixture:{name}", make(), texts_for(make())) for name, make in sorted(FIXTURES.items())]


def rubric_json(structure: dict[str, Any], texts: dict[str, Any]) -> str:
    return json.dumps({"structure": structure, "texts": texts}, ensure_ascii=False, separators=(",", ":"))


def build_golden(repo: Path = REPO) -> tuple[dict[str, Any], list[str]]:
    real, skipped = real_rubrics(repo)
    rubrics: dict[str, str] = {}
    vectors = []
    for source, structure, texts in real + fixture_rubrics():
        rubrics[source] = rubric_json(structure, texts)
        for name, (version, answers) in answer_sets(structure).items():
            answers_text = json.dumps({"version": version, "answers": answers}, ensure_ascii=False)
            vectors.append(
                {
                    "name": f"{source}#{name}",
                    "rubric": source,
                    "answers_json": answers_text,
                    "expected": json.loads(score_json(rubrics[source], answers_text)),
                }
            )
    golden = {
        "about": "Written by tests/scoring/make_golden.py (do not edit): inputs, expected score_json output.",
        "rubrics": rubrics,
        "vectors": vectors,
    }
    return golden, skipped


def render(golden: dict[str, Any]) -> str:
    return json.dumps(golden, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    golden, skipped = build_golden()
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(render(golden), encoding="utf-8")
    real = sorted({source for source in golden["rubrics"] if not source.startswith("fixture:")})
    print(f"wrote {GOLDEN.relative_to(REPO)}: {len(golden['vectors'])} vectors")
    print(f"real rubric files: {', '.join(real) if real else 'none yet (fixture rubrics only)'}")
    for reason in skipped:
        print(f"skipped (does not load): {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
