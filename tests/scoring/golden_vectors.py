"""Golden scoring vectors: what they pin, how they are made, and how a rubric is checked against them.

The vectors pin what scoring decides, not how the rubric words it: for each rubric
(every assessment in ``assessments/`` and the fixture rubrics of the tests) and
each answer set, the *projection* of ``score_json``'s output — scores, bands,
ranks, statuses, the chosen actions with their links, the summary, flags, result
type and error kinds — with every text from a ``<lang>.yaml`` taken out. So a
text edit never needs new vectors, and neither does a new language: the
projection is the same in every language (and from the structure alone), and
each language the project lists is checked to give it.

The wording is checked elsewhere: ``kb check`` (every language file there and
in parity; run on the repository by tests/sitebuild/test_checker.py),
tests/scoring/test_real_rubrics.py (every language file loads) and
tests/scoring/test_result_texts.py (every text a result shows is there and not
empty). Whole outputs, texts included, are compared between CPython and
Pyodide at test time (tests/scoring/test_golden.py).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from breakthrough_scoring import RubricError, content_hash, dump_result, load_rubric, score_json
from build_tools.project import read_registry
from tests.scoring.scoring_fixtures import FIXTURES, texts_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLDEN = HERE / "golden" / "golden.json"
REGENERATE = "run `python tests/scoring/make_golden.py` and review the diff"
FIXTURE_PREFIX = "fixture:"

Answers = dict[str, Any]
Texts = dict[str, Any]
Golden = dict[str, Any]


# ------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class RubricSource:
    """One rubric as the project has it now: its structure and the texts of each language the site lists."""

    key: str  # the assessment id, or "fixture:<name>"
    structure: dict[str, Any]
    texts: Mapping[str, Texts | None]  # language code -> parsed <lang>.yaml; None when the file is missing

    @property
    def is_fixture(self) -> bool:
        return self.key.startswith(FIXTURE_PREFIX)

    @property
    def label(self) -> str:
        return (
            f"fixture rubric {self.key.removeprefix(FIXTURE_PREFIX)}" if self.is_fixture else f"assessment {self.key}"
        )

    def file(self, name: str) -> str:
        """Where a file of this rubric lives, for messages (``name``: "rubric" or a language code)."""
        if self.is_fixture:
            return f"tests/scoring/scoring_fixtures.py ({self.key}, {name})"
        return f"assessments/{self.key}/{name}.yaml"

    @cached_property
    def requests(self) -> dict[str, str]:
        """Answer-set name -> answers_json, made from the structure alone."""
        return answer_requests(self.structure)


# libyaml's safe loader when PyYAML has it: the same documents, read several times faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


def project_rubrics(repo: Path = REPO) -> dict[str, RubricSource]:
    """Every assessment of the project with its texts in every language the site lists, by key."""
    registry = read_registry(repo)
    sources = {}
    for rubric_id in registry.assessment_ids:
        folder = repo / "assessments" / rubric_id
        texts = {
            code: _read_yaml(folder / f"{code}.yaml") if (folder / f"{code}.yaml").is_file() else None
            for code in registry.language_codes
        }
        sources[rubric_id] = RubricSource(rubric_id, _read_yaml(folder / "rubric.yaml"), texts)
    return sources


def fixture_rubrics(languages: tuple[str, ...]) -> dict[str, RubricSource]:
    sources = {}
    for name in sorted(FIXTURES):
        make: Callable[[], dict[str, Any]] = FIXTURES[name]
        structure = make()
        key = f"{FIXTURE_PREFIX}{name}"
        sources[key] = RubricSource(key, structure, {code: texts_for(structure, code) for code in languages})
    return sources


def all_rubrics(repo: Path = REPO) -> dict[str, RubricSource]:
    return project_rubrics(repo) | fixture_rubrics(read_registry(repo).language_codes)


def rubric_json(structure: dict[str, Any], texts: Texts | None) -> str:
    return json.dumps({"structure": structure, "texts": texts}, ensure_ascii=False, separators=(",", ":"))


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


def answer_requests(structure: dict[str, Any]) -> dict[str, str]:
    return {
        name: json.dumps({"version": version, "answers": answers}, ensure_ascii=False)
        for name, (version, answers) in answer_sets(structure).items()
    }


# ------------------------------------------------------------------ projection


def text_slots(result: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Where a scoring result carries wording from a ``<lang>.yaml``: (path for messages, holder, key).

    Every slot listed must be filled with text when the rubric was loaded with texts
    (``interpretation`` and the band's ``label`` only where a band was reached).
    """
    yield "disclaimer", result, "disclaimer"
    for section in ("scales", "composites"):
        for entry in result[section]:
            where = f"{section}[{entry['id']}]"
            yield f"{where}.name", entry, "name"
            yield f"{where}.description", entry, "description"
            if entry["band"] is not None:
                yield f"{where}.band.label", entry["band"], "label"
                yield f"{where}.interpretation", entry, "interpretation"
            for action in entry["actions"]:
                yield f"{where}.actions[{action['id']}].text", action, "text"
    for fit in result["profiles"]["fits"]:
        yield f"profiles.fits[{fit['id']}].name", fit, "name"
        yield f"profiles.fits[{fit['id']}].description", fit, "description"


def projection(output: Mapping[str, Any]) -> dict[str, Any]:
    """``score_json``'s parsed output without its wording: what the golden vectors pin.

    Results lose their language and every text slot; errors keep their kind and
    each problem's kind and item (or document and path), not the sentences.
    """
    projected = copy.deepcopy(dict(output))
    if projected["ok"]:
        result = projected["result"]
        for _path, holder, key in list(text_slots(result)):
            del holder[key]
        del result["language"]
    else:
        error = projected["error"]
        for entry in (error, *error["details"]):
            entry.pop("message", None)
            entry.pop("expected", None)
    return projected


def first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where two JSON values first differ (type, key order and value all count), or None."""
    here = path or "the output"
    if type(expected) is not type(actual):
        return f"{here}: golden {dump_result(expected)[:80]}, now {dump_result(actual)[:80]}"
    if isinstance(expected, dict):
        if list(expected) != list(actual):
            return f"{here}: golden keys {list(expected)}, now {list(actual)}"
        for key in expected:
            found = first_difference(expected[key], actual[key], f"{path}.{key}" if path else key)
            if found:
                return found
        return None
    if isinstance(expected, list):
        for index, (old, new) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(old, new, f"{path}[{index}]")
            if found:
                return found
        return None if len(expected) == len(actual) else f"{here}: golden {len(expected)} entries, now {len(actual)}"
    return None if expected == actual else f"{here}: golden {dump_result(expected)}, now {dump_result(actual)}"


# ------------------------------------------------------------------ making and checking


def golden_entry(source: RubricSource) -> dict[str, Any]:
    """The vectors of one rubric, scored from its structure alone (no language is needed for them)."""
    rubric_text = rubric_json(source.structure, None)
    return {
        "hash": content_hash(source.structure),
        "vectors": {
            name: {"request": request, "expected": projection(json.loads(score_json(rubric_text, request)))}
            for name, request in source.requests.items()
        },
    }


def build_golden(sources: Mapping[str, RubricSource]) -> Golden:
    return {
        "about": "Written by tests/scoring/make_golden.py (do not edit): per rubric, the content hash of its "
        "structure and, per answer set, the request and score_json's output without its texts.",
        "rubrics": {key: golden_entry(source) for key, source in sources.items()},
    }


def _without_hash(value: dict[str, Any]) -> dict[str, Any]:
    if value.get("ok"):
        value = copy.deepcopy(value)
        del value["result"]["rubric"]["hash"]
    return value


def check_rubric(key: str, source: RubricSource | None, entry: Mapping[str, Any] | None) -> list[str]:
    """Why ``source`` (the rubric as the project has it) no longer matches its golden ``entry``; [] if it does.

    A language without its ``<lang>.yaml`` yet is no problem here: its readers get the default language's
    texts (``kb check`` lists it as a warning), whose projection is checked like every other's.
    """
    if source is None:
        return [f"golden vectors for {key}, which is no longer in the project — {REGENERATE}"]
    if entry is None:
        return [f"no golden vectors for {source.label} — {REGENERATE}"]
    problems = []
    structure_hash = content_hash(source.structure)
    hash_changed = structure_hash != entry["hash"]
    if hash_changed:
        problems.append(
            f"{source.file('rubric')} is not the structure the golden vectors were made from "
            f"(hash {entry['hash']}, now {structure_hash})"
        )
    golden_requests = {name: vector["request"] for name, vector in entry["vectors"].items()}
    if golden_requests != source.requests:  # its items or the answer sets changed: nothing to compare
        return [*problems, f"{source.label}: the answer sets are not those of the golden vectors — {REGENERATE}"]
    texts_by_language: dict[str, Texts | None] = {"the structure alone": None}
    for code, texts in source.texts.items():
        if texts is None:
            continue
        try:
            load_rubric(source.structure, texts, language=code)
        except RubricError as error:
            problems.append(f"{source.file(code)} does not load: {error.problems[0]}")
            continue
        texts_by_language[code] = texts
    # Languages that differ from the golden vectors in the same way are reported together.
    changed_in: dict[tuple[str, ...], list[str]] = {}
    for language, texts in texts_by_language.items():
        rubric_text = rubric_json(source.structure, texts)
        changed: list[str] = []
        for name, vector in entry["vectors"].items():
            expected = vector["expected"]
            actual = projection(json.loads(score_json(rubric_text, vector["request"])))
            if hash_changed:  # the hash is reported once above; say whether the scores changed too
                expected, actual = _without_hash(expected), _without_hash(actual)
            if dump_result(expected) != dump_result(actual):
                changed.append(f"{name} ({first_difference(expected, actual)})")
        if changed:
            changed_in.setdefault(tuple(changed), []).append(language)
    for differences, languages in changed_in.items():
        problems.append(
            f"{source.label} in {', '.join(languages)}: {len(differences)} of {len(entry['vectors'])} answer sets "
            f"score differently from the golden vectors: {'; '.join(differences[:3])}"
        )
    if hash_changed or changed_in:
        problems.append(f"if that change is on purpose, {REGENERATE}")
    return problems


# ------------------------------------------------------------------ file


def _render(value: Any, indent: int) -> str:
    """JSON with one key per line, except that short values and flat ones (all entries plain values) stay on
    one line, so a changed number shows as one changed line of a readable diff."""
    compact = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, dict | list) or indent + len(compact) <= 110:
        return compact
    entries = value.values() if isinstance(value, dict) else value
    if not any(isinstance(entry, dict | list) for entry in entries):
        return compact
    inner = " " * (indent + 1)
    if isinstance(value, dict):
        lines = [
            f"{inner}{json.dumps(key, ensure_ascii=False)}: {_render(entry, indent + 1)}"
            for key, entry in value.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"
    return "[\n" + ",\n".join(f"{inner}{_render(entry, indent + 1)}" for entry in value) + "\n" + " " * indent + "]"


def render(golden: Golden) -> str:
    return _render(golden, 0) + "\n"


def read_golden(path: Path = GOLDEN) -> Golden:
    golden: Golden = json.loads(path.read_text(encoding="utf-8"))
    return golden
