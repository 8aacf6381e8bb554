"""Hostile input at the JSON boundary: the limits, and thousands of random and malformed requests.

``score_json`` gets its text from a browser page. Whatever that text is, the
answer must be a typed error (never ``internal-error``) whose message is
bounded, names no Python type and quotes no more than a short prefix of any
value it was given.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from breakthrough_scoring import ERROR_KINDS, AnswerError, RubricError, load_rubric, score, score_json
from breakthrough_scoring.errors import (
    MAX_ANSWERS,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_CHARS,
    MAX_REPORTED_PROBLEMS,
    MAX_REQUEST_CHARS,
    MAX_RUBRIC_CHARS,
    MAX_STRING_CHARS,
    SHOWN_VALUE_CHARS,
)
from tests.example_budget import examples
from tests.scoring.scoring_fixtures import load, mixed_structure, texts_for

RUBRIC_TEXT = json.dumps({"structure": mixed_structure(), "texts": texts_for(mixed_structure())})
VERSION = 3  # mixed_structure's version
VALID_ANSWERS: dict[str, Any] = {"a1": 5, "a4": 0, "b2": 3, "g1": 1, "c1": "x"}

# Far above any error text the engine writes: a few bounded problems, each with bounded texts.
MAX_OUTPUT_CHARS = 20_000
PYTHON_TYPE_NAME = re.compile(
    r"\b(?:NoneType|dict|int|str|float|bool|tuple|bytes|JsProxy|Traceback)\b|\b\w+(?:Error|Exception)\b"
)


def request(answers: object, version: object = VERSION) -> str:
    return json.dumps({"version": version, "answers": answers})


def strings_in(value: object) -> Iterator[str]:
    """Every key and text in a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield key
            yield from strings_in(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from strings_in(entry)


def numbers_in(value: object) -> Iterator[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        yield value
    elif isinstance(value, dict):
        for entry in value.values():
            yield from numbers_in(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from numbers_in(entry)


def parsed_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def too_long_a_part(value: str) -> str:
    """A part of ``value`` longer than any quote of it may be, as it would be written in a message.

    A quote is a prefix of SHOWN_VALUE_CHARS - 1 characters and an ellipsis; one more character allows
    for a neighbour that happens to match (a path's "." before a key of dots). A prefix that quoting
    escapes (backslashes, control characters) is looked for in its escaped form.
    """
    prefix = value[: SHOWN_VALUE_CHARS + 1]
    escaped = repr(prefix)[1:-1]
    return prefix if escaped == prefix else repr(value[:SHOWN_VALUE_CHARS])[1:-1]


def check_output(output: str, *inputs: str) -> dict[str, Any]:
    """The output is JSON; a refusal is typed, bounded, names no Python type and echoes no long value."""
    assert len(output) <= MAX_OUTPUT_CHARS or json.loads(output)["ok"], len(output)
    parsed: dict[str, Any] = json.loads(output)
    if currently_in_test_context():  # --hypothesis-show-statistics shows which outcomes the examples reach
        event("ok" if parsed["ok"] else parsed["error"]["kind"])
    if parsed["ok"]:
        return parsed
    error = parsed["error"]
    assert error["kind"] in ERROR_KINDS and error["kind"] != "internal-error", error
    assert 0 < len(error["message"]) <= MAX_MESSAGE_CHARS
    assert isinstance(error["details"], list) and len(error["details"]) <= MAX_REPORTED_PROBLEMS
    said = [error["message"], *strings_in(error["details"])]
    given_values = [*inputs, *(text for source in inputs for text in strings_in(parsed_or_none(source)))]
    for text in said:
        for name in PYTHON_TYPE_NAME.findall(text):
            assert any(name in value for value in given_values), f"{name!r} in {text!r}"
    long_values = [value for value in given_values if len(value) > SHOWN_VALUE_CHARS]
    long_numbers = [
        str(number)
        for source in inputs
        for number in numbers_in(parsed_or_none(source))
        if len(str(number)) > SHOWN_VALUE_CHARS
    ]
    for value in long_values + long_numbers:
        fragment = too_long_a_part(value)
        assert not any(fragment in text for text in said), f"{value[:60]!r}… echoed"
    return parsed


def kind_of(rubric_text: str, answers_text: str) -> str:
    parsed = check_output(score_json(rubric_text, answers_text), answers_text)
    return "ok" if parsed["ok"] else str(parsed["error"]["kind"])


# ------------------------------------------------------------------------------------------- the limits


def padded(text: str, length: int) -> str:
    """``text`` (a JSON object) with spaces before its closing brace, ``length`` characters in all."""
    assert len(text) <= length
    return text[:-1] + " " * (length - len(text)) + text[-1]


def nested_answer(depth: int) -> str:
    """A request nested ``depth`` levels deep: the answer to a1 is a list inside lists."""
    return request({"a1": 3, "a2": json.loads("[" * (depth - 2) + "]" * (depth - 2))})


def answers_with(count: int) -> str:
    return request({**{f"not-an-item-{n}": 1 for n in range(count - 1)}, "a1": 3})


def with_text(length: int, where: str) -> str:
    text = "q" * length
    return {
        "key": request({text: 3, "a1": 3}),
        "value": request({"c1": text}),
        "version": request({"a1": 3}, version=text),
    }[where]


LIMIT_CASES: list[tuple[str, Callable[[], tuple[str, str]], str]] = [
    (
        "request just under the size limit",
        lambda: (RUBRIC_TEXT, padded(request(VALID_ANSWERS), MAX_REQUEST_CHARS - 1)),
        "ok",
    ),
    ("request at the size limit", lambda: (RUBRIC_TEXT, padded(request(VALID_ANSWERS), MAX_REQUEST_CHARS)), "ok"),
    (
        "request over the size limit",
        lambda: (RUBRIC_TEXT, padded(request(VALID_ANSWERS), MAX_REQUEST_CHARS + 1)),
        "request-too-large",
    ),
    ("rubric at the size limit", lambda: (padded(RUBRIC_TEXT, MAX_RUBRIC_CHARS), request(VALID_ANSWERS)), "ok"),
    (
        "rubric over the size limit",
        lambda: (padded(RUBRIC_TEXT, MAX_RUBRIC_CHARS + 1), request(VALID_ANSWERS)),
        "request-too-large",
    ),
    ("nesting just under the depth limit", lambda: (RUBRIC_TEXT, nested_answer(MAX_JSON_DEPTH - 1)), "invalid-answers"),
    ("nesting at the depth limit", lambda: (RUBRIC_TEXT, nested_answer(MAX_JSON_DEPTH)), "invalid-answers"),
    ("nesting over the depth limit", lambda: (RUBRIC_TEXT, nested_answer(MAX_JSON_DEPTH + 1)), "request-too-deep"),
    ("100,000 levels of nesting", lambda: (RUBRIC_TEXT, "[" * 50_000 + "]" * 50_000), "request-too-deep"),
    (
        "brackets inside a text do not count",
        lambda: (RUBRIC_TEXT, request({"c1": "[{" * (MAX_JSON_DEPTH + 1)})),
        "invalid-answers",
    ),
    (
        "rubric nested over the depth limit",
        lambda: (RUBRIC_TEXT[:-1] + ', "x": ' + "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH + "}", request({"a1": 3})),
        "request-too-deep",
    ),
    ("answers just under the limit", lambda: (RUBRIC_TEXT, answers_with(MAX_ANSWERS - 1)), "invalid-answers"),
    ("answers at the limit", lambda: (RUBRIC_TEXT, answers_with(MAX_ANSWERS)), "invalid-answers"),
    ("answers over the limit", lambda: (RUBRIC_TEXT, answers_with(MAX_ANSWERS + 1)), "too-many-answers"),
    ("key just under the text limit", lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS - 1, "key")), "invalid-answers"),
    ("key at the text limit", lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS, "key")), "invalid-answers"),
    ("key over the text limit", lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS + 1, "key")), "value-too-long"),
    ("answer at the text limit", lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS, "value")), "invalid-answers"),
    ("answer over the text limit", lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS + 1, "value")), "value-too-long"),
    (
        "version over the text limit",
        lambda: (RUBRIC_TEXT, with_text(MAX_STRING_CHARS + 1, "version")),
        "value-too-long",
    ),
]


@pytest.mark.parametrize(("make", "kind"), [c[1:] for c in LIMIT_CASES], ids=[c[0] for c in LIMIT_CASES])
def test_each_limit_just_under_at_and_over(make: Callable[[], tuple[str, str]], kind: str) -> None:
    rubric_text, answers_text = make()
    assert kind_of(rubric_text, answers_text) == kind


def nested_request(depth: int) -> str:
    return '{"version": 3, "answers": ' + "[" * depth + "]" * depth + "}"


def test_a_deeply_nested_request_is_refused_before_parsing() -> None:
    # Before the limits: RecursionError inside the JSON parser, reported as internal-error.
    assert json.loads(score_json(RUBRIC_TEXT, nested_request(40_000)))["error"] == {
        "kind": "request-too-deep",
        "message": "answers_json nests objects and lists more than 32 levels deep — expected at most 32 levels",
        "details": [],
    }
    huge = nested_request(200_000)
    assert json.loads(score_json(RUBRIC_TEXT, huge))["error"] == {
        "kind": "request-too-large",
        "message": f"answers_json is {len(huge):,} characters long — expected at most 100,000 characters",
        "details": [],
    }


def test_200000_unknown_ids_give_a_short_refusal() -> None:
    # Before the limits: a 75 MB error text listing every one of them.
    output = score_json(RUBRIC_TEXT, request({f"unknown-{n}": 1 for n in range(200_000)}))
    assert json.loads(output)["error"]["kind"] == "request-too-large"
    assert len(output) < 200


def test_unknown_ids_at_the_limit_are_listed_a_few_then_counted() -> None:
    answers_text = answers_with(MAX_ANSWERS)
    error = check_output(score_json(RUBRIC_TEXT, answers_text), answers_text)["error"]
    assert error["kind"] == "invalid-answers"
    assert error["message"].endswith(f"  - and {MAX_ANSWERS - 1 - MAX_REPORTED_PROBLEMS} more")
    assert len(error["details"]) == MAX_REPORTED_PROBLEMS
    assert len(error["message"]) < 3_000


def test_the_python_api_bounds_its_messages_too() -> None:
    with pytest.raises(AnswerError) as caught:
        score(load(mixed_structure()), {"x" * 60 + str(n): 1 for n in range(200_000)})
    assert len(caught.value.problems) == 200_000
    assert len(str(caught.value)) < 3_000 and "and 199990 more" in str(caught.value)
    assert caught.value.problems[0].item == "x" * (SHOWN_VALUE_CHARS - 1) + "…"
    structure = mixed_structure()
    structure["items"][0]["scale"] = "s" * 1_500  # under the text limit: an unknown scale, quoted short
    with pytest.raises(RubricError) as rubric_caught:
        load_rubric(structure)
    assert "'sssssss" in str(rubric_caught.value) and len(str(rubric_caught.value)) < 1_000


WORDING_CASES: list[tuple[str, str, str]] = [
    ("null", request(None), "the answers are nothing (null)"),
    ("a list", request([1, 2]), "the answers are a list of 2 entries"),
    ("a number", request(12), "the answers are the number 12"),
    ("text", request("abc"), "the answers are the text 'abc'"),
    ("a yes/no value", request(True), "the answers are true (a yes/no value)"),
    ("an object for an answer", request({"a1": {"x": 1}}), "item a1 has an object"),
    ("a list for an answer", request({"a1": [3]}), "item a1 has a list of 1 entry"),
    ("null for the version", request({"a1": 3}, version=None), "answers_json.version is null"),
    ("text for the version", request({"a1": 3}, version="3"), "the rubric version is the text '3'"),
    ("a huge number", request({"a1": 10**400}), "item a1 has the value a number of about 401 digits, which is not on"),
    ("a huge version", request({"a1": 3}, version=-(10**400)), "version a negative number of about 401 digits"),
    ("a long text", request({"c1": "y" * 150}), "item c1 has no option '" + "y" * (SHOWN_VALUE_CHARS - 1) + "…'"),
    ("a long unknown key", request({"k" * 150: 1}), "'" + "k" * (SHOWN_VALUE_CHARS - 1) + "…' is not an item"),
    ("a control character", request({"c1": "a\x00b"}), "item c1 has no option 'a\\x00b'"),
    ("unknown keys", json.dumps({"version": 3, "answers": {}, **{f"k{n}": 1 for n in range(50)}}), "and 45 more"),
]


@pytest.mark.parametrize(("answers_text", "words"), [c[1:] for c in WORDING_CASES], ids=[c[0] for c in WORDING_CASES])
def test_values_are_described_in_words(answers_text: str, words: str) -> None:
    error = check_output(score_json(RUBRIC_TEXT, answers_text), answers_text)["error"]
    assert words in error["message"]


NOT_JSON_CASES: list[tuple[str, str, str]] = [
    ("empty", "", "Expecting value at line 1, column 1"),
    ("cut short", request(VALID_ANSWERS)[:-3], "at line 1"),
    ("NaN", '{"version": 3, "answers": {"a1": NaN}}', "NaN is not a number JSON allows"),
    ("too many digits", '{"version": 3, "answers": {"a1": ' + "9" * 5_000 + "}}", "a number has too many digits"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in NOT_JSON_CASES], ids=[c[0] for c in NOT_JSON_CASES])
def test_text_that_is_not_json_is_refused_in_plain_words(text: str, reason: str) -> None:
    error = check_output(score_json(RUBRIC_TEXT, text), text)["error"]
    assert error["kind"] == "invalid-json" and reason in error["message"]


def test_unpaired_surrogates_do_not_reach_the_output() -> None:
    # Pyodide would turn them into other characters than CPython keeps, so they are replaced in both.
    output = score_json(RUBRIC_TEXT, '{"version": 3, "answers": {"\\udfff\\ud83d": 1}}')
    assert json.loads(output)["error"]["details"][0]["item"] == "\ufffd\ufffd"
    assert re.search("[\ud800-\udfff]", output) is None


# --------------------------------------------------------------------------- random and malformed requests

HOSTILE = settings(
    max_examples=examples(400),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Built from a few drawn parts: drawing hundreds of characters one by one would make the test slow.
# Lengths from just over a quote's length to just over MAX_STRING_CHARS, so both sides of that limit.
long_texts = st.builds(
    lambda head, filler, length: (head + filler * length)[:length],
    st.text(max_size=8),
    st.text(min_size=1, max_size=3),
    st.integers(SHOWN_VALUE_CHARS + 1, MAX_STRING_CHARS + 60),
)
odd_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.builds(lambda digits, sign: sign * (10**digits + 7), st.integers(20, 1_000), st.sampled_from([1, -1])),
    st.floats(allow_nan=False, allow_infinity=False),  # NaN and Infinity are among the odd texts below
    st.text(max_size=30),
    st.sampled_from(["a1", "c1", "x", "y", "version", "answers", "int", "dict", "NoneType", "ValueError"]),
    long_texts,
)
json_values = st.recursive(
    odd_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(st.one_of(st.text(max_size=20), long_texts), children, max_size=6),
    ),
    max_leaves=12,
)


def dumped(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@HOSTILE
@given(st.one_of(json_values, st.fixed_dictionaries({"version": json_values, "answers": json_values})))
@pytest.mark.slow
def test_random_json_gets_a_typed_answer(value: object) -> None:
    text = dumped(value)
    check_output(score_json(RUBRIC_TEXT, text), text)


@st.composite
def mutated_requests(draw: st.DrawFn) -> str:
    """A valid request changed in a few random ways, as JSON and then perhaps as text."""
    answers: dict[str, Any] = dict(VALID_ANSWERS)
    body: dict[str, Any] = {"version": VERSION, "answers": answers}
    for _ in range(draw(st.integers(1, 4))):
        change = draw(st.sampled_from(["answer", "key", "drop", "version", "answers", "extra", "many"]))
        if change == "answer":
            answers[draw(st.sampled_from(sorted(VALID_ANSWERS)))] = draw(json_values)
        elif change == "key":
            answers[draw(st.one_of(st.text(max_size=50), long_texts))] = draw(json_values)
        elif change == "drop" and answers:
            answers.pop(draw(st.sampled_from(sorted(answers))))
        elif change == "version":
            body["version"] = draw(json_values)
        elif change == "answers":
            body["answers"] = draw(json_values)
        elif change == "extra":
            body[draw(st.text(max_size=50))] = draw(json_values)
        elif change == "many":
            count = draw(st.sampled_from([MAX_ANSWERS - 1, MAX_ANSWERS, MAX_ANSWERS + 1, 5_000]))
            filler = draw(st.sampled_from([1, "x", None]))
            answers.update({f"i{n}": filler for n in range(count)})
    text = dumped(body)
    cut = draw(st.sampled_from(["none", "truncate", "insert", "delete", "repeat"]))
    where = draw(st.integers(0, len(text)))
    if cut == "truncate":
        text = text[:where]
    elif cut == "insert":
        text = text[:where] + draw(st.text(alphabet='[]{}",:\\0123456789.eE+- ntrufals', max_size=8)) + text[where:]
    elif cut == "delete":
        text = text[:where] + text[where + draw(st.integers(1, 5)) :]
    elif cut == "repeat":
        text = text[:where] + text[where:] * draw(st.integers(2, 50))
    return text


@HOSTILE
@given(mutated_requests())
@pytest.mark.slow
def test_mutated_requests_get_a_typed_answer(text: str) -> None:
    check_output(score_json(RUBRIC_TEXT, text), text)


def wrapped(inner: str) -> str:
    return '{"version": 3, "answers": {"a1": ' + inner + "}}"


not_json_texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet='[]{}",:\\ \n0123abcenulltrfs', max_size=300),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
    st.integers(0, 3 * MAX_JSON_DEPTH).map(lambda depth: wrapped("[" * depth + "]" * depth)),
    st.integers(0, 100_000).map(lambda depth: "[" * depth),
    st.integers(0, 50_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
    st.integers(MAX_REQUEST_CHARS - 40, MAX_REQUEST_CHARS + 40).map(lambda size: wrapped('"' + "z" * size + '"')),
    st.integers(0, 6_000).map(lambda digits: wrapped("9" * digits or "0")),
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-0", "0.1e-400", "1E+2", "tru", "nul"]).map(wrapped),
    st.lists(
        st.sampled_from(["\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", '\\"', "\\\\", "\\q", "\n"]), max_size=8
    ).map(lambda parts: '{"version": 3, "answers": {"' + "".join(parts) + '": "' + "".join(reversed(parts)) + '"}}'),
    st.integers(0, 60_000).map(lambda count: '"' + '\\"' * count),
)


@HOSTILE
@given(not_json_texts)
@pytest.mark.slow
def test_odd_text_gets_a_typed_answer(text: str) -> None:
    check_output(score_json(RUBRIC_TEXT, text), text)


def paths_in(value: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, entry in value.items():
            yield from paths_in(entry, (*path, key))
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from paths_in(entry, (*path, index))


@st.composite
def mutated_rubrics(draw: st.DrawFn) -> tuple[str, str]:
    """The fixture rubric with random parts replaced, removed or added; the inserted values are returned too."""
    envelope: dict[str, Any] = {"structure": mixed_structure(), "texts": texts_for(mixed_structure())}
    inserted: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        parts = list(paths_in(envelope))[1:]
        if not parts:  # both top-level keys removed: nothing left to change
            break
        path = draw(st.sampled_from(parts))
        parent = envelope
        for part in path[:-1]:
            parent = parent[part]
        value = draw(json_values)
        change = draw(st.sampled_from(["replace", "remove", "add"]))
        if change == "replace":
            parent[path[-1]] = value
        elif change == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=30), long_texts))] = value
        else:
            parent.append(value)
        inserted.append(copy.deepcopy(value))
    return dumped(envelope), dumped(inserted)


@HOSTILE
@given(mutated_rubrics())
@pytest.mark.slow
def test_mutated_rubrics_get_a_typed_answer(case: tuple[str, str]) -> None:
    rubric_text, inserted = case
    answers_text = request(VALID_ANSWERS)
    output = score_json(rubric_text, answers_text)
    if not json.loads(output)["ok"]:  # a result shows the rubric's own texts, long ones included
        check_output(output, inserted)
