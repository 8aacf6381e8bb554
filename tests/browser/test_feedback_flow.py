"""Self versus others, end to end in Chromium: the taker's result, an invitation link, three raters in browser
contexts of their own, their response links opened by the taker, and a comparison whose numbers equal the
CPython engine's; below three raters nothing of theirs is shown. Every request stays on the site's origin and
carries no answer, name or passphrase; axe finds nothing on the comparison.

Each rater opens the invitation in the rater view (the observer form), answers, and copies the response
link it gives; the taker opens or pastes it.

The first language runs the whole flow (sealed invitation and response, wrong passphrase, damaged links,
duplicates, a rater shown by choice, the JSON download, dark scheme, print, clearing); the others the flow
itself, each on the next assessment with an observer form, so that every assessment and language is covered.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from build_tools.project import read_registry

from .conftest import axe_violations, describe
from .test_assessments import (
    BOOT_TIMEOUT,
    click_answers,
    engine_result,
    fnv1a,
    made_up_answers,
    number,
    page_url,
    show_result,
    strings,
    structure,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
LANGUAGES = list(REGISTRY.language_codes)
STORAGE_PREFIX = "bt.assessment."
MIN_RATERS = 3
GAP_THRESHOLD = 12.5
NAME = "Zoë"
PASSPHRASE = "quiet harbour lantern"
RESPONSE = "#response="
NO_VALUE = "\u2013"  # the en dash the table shows where there is no number
INVITE = "#invite="


def has_observer_form(rubric_id: str) -> bool:
    texts = yaml.safe_load((ROOT / "assessments" / rubric_id / f"{LANGUAGES[0]}.yaml").read_text(encoding="utf-8"))
    return bool((texts or {}).get("observer", {}).get("items"))


OBSERVED = [rubric_id for rubric_id in REGISTRY.assessment_ids if has_observer_form(rubric_id)]


def feedback_strings(language: str) -> dict[str, Any]:
    return dict(strings(language)["feedback"])


def rater_indexes(rubric: dict[str, Any], seed: str) -> dict[str, int]:
    """A rater's answers: the statements only (the observer form asks no choice item)."""
    choices = frozenset(item["id"] for item in rubric["items"] if "choice" in item)
    return made_up_answers(rubric, seed, skip=choices)


def watch(context: BrowserContext) -> list[Request]:
    seen: list[Request] = []
    context.on("request", lambda request: seen.append(request))
    return seen


def rater_strings(language: str) -> dict[str, Any]:
    return dict(strings(language)["rater"])


def rater_response(
    context: BrowserContext,
    language: str,
    invitation: str,
    indexes: dict[str, int],
    *,
    shown: bool = False,
    opening: str | None = None,
    sealing: str | None = None,
) -> str:
    """The rater opens the invitation on their own device, answers the observer form (the rater view) and
    gets their response link; returns its text (after "#response="). `opening`: the sealed invitation's
    passphrase; `sealing`: a passphrase for the response."""
    texts = rater_strings(language)
    page = context.new_page()
    page.goto(invitation)
    base = invitation.split(INVITE, 1)[0]
    if opening is not None:
        page.get_by_label(texts["passphrase"], exact=True).fill(opening)
        page.get_by_role("button", name=texts["open"], exact=True).click()
    expect(page.get_by_role("heading", name=texts["title"].replace("{name}", NAME), exact=True)).to_be_visible()
    page.evaluate(
        """(indexes) => { for (const [item, index] of Object.entries(indexes))
             document.querySelectorAll(`input[name="bt-rater-${item}"]`)[index].click(); }""",
        indexes,
    )
    if shown:
        page.get_by_role("checkbox", name=texts["shown_label"], exact=True).check()
    if sealing is not None:
        page.get_by_label(texts["seal_label"], exact=True).fill(sealing)
    page.get_by_role("button", name=texts["create"], exact=True).click()
    field = page.get_by_label(texts["link_label"], exact=True)
    expect(field).to_be_visible(timeout=BOOT_TIMEOUT)
    url = field.input_value()
    assert url.startswith(f"{base}{RESPONSE}"), url
    page.close()
    return url.split(RESPONSE, 1)[1]


def expected_comparison(self_result: dict[str, Any], raters: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """compare.js's numbers, from the CPython engine's results."""
    expected = {}
    for scale in self_result["scales"]:
        own = scale["score"] if scale["status"] == "ok" else None
        scores = [
            other["score"]
            for rater in raters
            for other in rater["scales"]
            if other["id"] == scale["id"] and other["status"] == "ok"
        ]
        entry: dict[str, Any] = {"self": own, "others": None, "spread": None, "difference": None, "gap": None}
        if len(scores) >= MIN_RATERS:
            entry["others"] = statistics.fmean(scores)
            entry["spread"] = statistics.pstdev(scores)
            if own is not None:
                difference = own - entry["others"]
                entry["difference"] = difference
                better = difference < 0 if scale.get("polarity") == "risk" else difference > 0
                entry["gap"] = (
                    "agreement" if abs(difference) < GAP_THRESHOLD else "blind-spot" if better else "hidden-strength"
                )
        expected[scale["id"]] = entry
    return expected


def shown_comparison(page: Page) -> dict[str, dict[str, str | None]]:
    return dict(
        page.evaluate("""() => {
      const rows = {};
      for (const row of document.querySelectorAll("[data-bt-comparison] tbody tr")) {
        const cell = (name) => row.querySelector(`[data-value="${name}"]`)?.textContent ?? null;
        rows[row.dataset.scale] = {self: cell("self"), others: cell("others"), spread: cell("spread"),
          difference: cell("difference"), gap: cell("gap")};
      }
      return rows;
    }""")
    )


def close(shown_text: str | None, value: float | None) -> bool:
    if value is None:
        return shown_text == NO_VALUE
    return shown_text is not None and abs(number(shown_text) - value) <= 0.051


def open_response(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("section.bt-assessment")).to_be_attached()


def intake_says(page: Page, text: str) -> None:
    expect(page.locator("[data-bt-intake-status]")).to_have_text(text, timeout=BOOT_TIMEOUT)


def paste(page: Page, language: str, link: str) -> None:
    page.get_by_label(feedback_strings(language)["paste_label"]).fill(link)
    page.get_by_role("button", name=feedback_strings(language)["paste_add"], exact=True).click()


def stored_raters(page: Page, rubric_id: str, version: int) -> Any:
    text = page.evaluate("(key) => localStorage.getItem(key)", f"{STORAGE_PREFIX}{rubric_id}.v{version}.raters")
    return None if text is None else json.loads(text)


def no_private_data_sent(requests: list[Request], origin: str, secrets: list[str]) -> None:
    for request in requests:
        assert urlsplit(request.url)._replace(path="", query="", fragment="").geturl() == origin, request.url
        carried = request.url + (request.post_data or "")
        for secret in secrets:
            assert secret not in carried, f"{request.url} carries {secret!r}"


def link_sizes(label: str, links: dict[str, str]) -> None:
    print(label, {kind: len(text) for kind, text in links.items()})


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback_flow(browser: Browser, base_url: str, site_dir: Path, axe_script: Path, language: str) -> None:
    assert OBSERVED, "no assessment has an observer form"
    full = language == LANGUAGES[0]
    rubric_id = OBSERVED[LANGUAGES.index(language) % len(OBSERVED)]
    rubric = structure(site_dir, language, rubric_id)
    texts = feedback_strings(language)
    url = page_url(base_url, language, rubric_id)
    origin = base_url.rstrip("/")

    taker_context = browser.new_context()
    taker_requests = watch(taker_context)
    taker = taker_context.new_page()
    taker.goto(url)
    own = made_up_answers(rubric, f"taker-{language}")
    click_answers(taker, own)
    show_result(taker, language)
    feedback = taker.locator("[data-bt-feedback]")
    expect(feedback).to_be_visible()

    # The invitation: the taker's first name and, in the full pass, a passphrase.
    taker.get_by_label(texts["name_label"]).fill(NAME)
    if full:
        taker.get_by_label(texts["invite_passphrase_label"]).fill(PASSPHRASE)
    taker.get_by_role("button", name=texts["create"], exact=True).click()
    expect(taker.locator("[data-bt-invite-status]")).to_have_text(texts["created_sealed" if full else "created"])
    invitation = taker.locator("[data-bt-invite-link]").input_value()
    assert invitation.startswith(f"{url}{INVITE}"), invitation

    # Three raters, each in a browser context of their own; in the full pass a fourth, shown by choice.
    count = MIN_RATERS + 1 if full else MIN_RATERS
    rater_answers = [rater_indexes(rubric, f"rater-{language}-{n}") for n in range(count)]
    rater_requests: list[Request] = []
    responses = []
    for number_, answers in enumerate(rater_answers):
        context = browser.new_context()
        rater_requests += watch(context)
        # In the full pass the invitation is sealed (every rater opens it with the passphrase) and the third
        # rater seals the response too.
        response = rater_response(
            context,
            language,
            invitation,
            answers,
            shown=number_ == MIN_RATERS,
            opening=PASSPHRASE if full else None,
            sealing=PASSPHRASE if full and number_ == MIN_RATERS - 1 else None,
        )
        context.close()
        responses.append(response)
    link_sizes(f"{language} {rubric_id} invitation", {"link": invitation.split(INVITE, 1)[1]})
    link_sizes(f"{language} {rubric_id} responses", {f"rater {n + 1}": r for n, r in enumerate(responses)})

    expected_self = engine_result(site_dir, language, rubric_id, own)
    expected_raters = [engine_result(site_dir, language, rubric_id, answers) for answers in rater_answers]
    shown_rater = expected_raters[MIN_RATERS:]
    expected_raters = expected_raters[:MIN_RATERS]

    # Fewer than three: how many more are needed, and nothing of the raters.
    for count, response in enumerate(responses[:2], start=1):
        open_response(taker, f"{url}{RESPONSE}{response}")
        expect(taker.locator("[data-bt-comparison]")).to_have_attribute("data-pooled", str(count), timeout=BOOT_TIMEOUT)
        assert RESPONSE not in taker.url
        waiting = taker.locator("[data-bt-comparison-waiting]")
        expect(waiting).to_have_text(
            texts["waiting"].replace("{minimum}", str(MIN_RATERS)).replace("{needed}", str(MIN_RATERS - count))
        )
        assert taker.locator("[data-bt-comparison] :is(table, .bt-chart, .bt-feedback-gaps)").count() == 0
        expected_partial = expected_comparison(expected_self, expected_raters[:count])
        assert all(entry["others"] is None for entry in expected_partial.values())

    if full:
        # The same response again counts once.
        open_response(taker, f"{url}{RESPONSE}{responses[0]}")
        intake_says(taker, texts["duplicate"])
        expect(taker.locator("[data-bt-comparison]")).to_have_attribute("data-pooled", "2")
        # Damaged links, pasted: each says what is wrong.
        plain = responses[0]
        body = plain.rsplit(".", 1)[0]
        other_id = next(a for a in REGISTRY.assessment_ids if a != rubric_id)
        fields = body.split(".")
        outdated = ".".join([fields[0], fields[1], str(rubric["version"] + 1), *fields[3:]])
        unknown = ".".join([fields[0], other_id, *fields[2:]])
        flipped = body[:-1] + ("1" if body[-1] != "1" else "2")
        cases = {
            "error_tampered": f"{flipped}.{plain.rsplit('.', 1)[1]}",
            "error_truncated": plain[:-3],
            "error_outdated": f"{outdated}.{fnv1a(outdated.replace('.', '|'))}",
            "error_unknown_assessment": f"{unknown}.{fnv1a(unknown.replace('.', '|'))}",
            "error_invalid": invitation,
        }
        for message, link in cases.items():
            paste(taker, language, link)
            intake_says(taker, texts[message])
        # The sealed response: a wrong passphrase first.
        open_response(taker, f"{url}{RESPONSE}{responses[2]}")
        intake_says(taker, texts["sealed_prompt"])
        taker.get_by_label(texts["passphrase_label"], exact=True).fill("wrong horse")
        taker.get_by_role("button", name=texts["passphrase_open"], exact=True).click()
        intake_says(taker, texts["error_passphrase"])
        taker.get_by_label(texts["passphrase_label"], exact=True).fill(PASSPHRASE)
        taker.get_by_role("button", name=texts["passphrase_open"], exact=True).click()
    else:
        paste(taker, language, f"{url}{RESPONSE}{responses[2]}")
    expect(taker.locator("[data-bt-comparison]")).to_have_attribute("data-pooled", "3", timeout=BOOT_TIMEOUT)
    intake_says(taker, texts["added"].replace("{count}", "3"))

    # The comparison equals the CPython engine's numbers.
    expected = expected_comparison(expected_self, expected_raters)
    expect(taker.locator("[data-bt-comparison-waiting]")).to_have_count(0)
    shown = shown_comparison(taker)
    assert shown.keys() == expected.keys()
    gap_names = {
        "agreement": texts["gap_agreement"],
        "blind-spot": texts["gap_blind_spot"],
        "hidden-strength": texts["gap_hidden_strength"],
    }
    for scale_id, entry in expected.items():
        row = shown[scale_id]
        for key in ("self", "others", "spread", "difference"):
            assert close(row[key], entry[key]), (scale_id, key, row[key], entry[key])
        assert row["gap"] == (gap_names[entry["gap"]] if entry["gap"] else NO_VALUE), (scale_id, row, entry)
    gaps = {scale_id for scale_id, entry in expected.items() if entry["gap"] in ("blind-spot", "hidden-strength")}
    assert {g.get_attribute("data-scale") for g in taker.locator("[data-bt-comparison] [data-gap]").all()} == gaps
    assert taker.locator("[data-bt-comparison] .bt-chart__row[data-scale]").count() == len(expected)
    articles = [a.get_attribute("href") or "" for a in taker.locator("[data-bt-comparison] a[data-bt-article]").all()]
    assert len(articles) == len(gaps) + 1, articles
    for href in articles:
        assert href.split("#")[0] == "../../articles/the-feedback-conversation/", href
    assert (site_dir / language / "articles" / "the-feedback-conversation" / "index.html").is_file()
    kept = stored_raters(taker, rubric_id, rubric["version"])
    assert kept["format"] == 1 and len(kept["raters"]) == MIN_RATERS

    if full:
        # A rater who chose to be shown: listed on their own, never pooled.
        paste(taker, language, f"{url}{RESPONSE}{responses[MIN_RATERS]}")
        expect(taker.locator("[data-bt-comparison]")).to_have_attribute("data-shown", "1", timeout=BOOT_TIMEOUT)
        expect(taker.locator("[data-bt-comparison]")).to_have_attribute("data-pooled", str(MIN_RATERS))
        for scale in shown_rater[0]["scales"]:
            cell = taker.locator(f'[data-bt-comparison] tr[data-scale="{scale["id"]}"] [data-value="shown-1"]')
            assert close(cell.text_content(), scale["score"] if scale["status"] == "ok" else None), scale
        assert shown_comparison(taker) == shown, "the pooled numbers do not change"
        assert taker.locator("[data-bt-comparison] .bt-chart__shown").count() > 0

    violations = axe_violations(taker, axe_script, include="[data-bt-feedback]")
    assert not violations, describe(violations)

    secrets = [NAME, PASSPHRASE, invitation.split(INVITE, 1)[1], *responses]
    no_private_data_sent(taker_requests + rater_requests, origin, secrets)

    if full:
        with taker.expect_download() as download:
            taker.get_by_role("button", name=strings(language)["share"]["download"]).click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["comparison"]["pooled"] == MIN_RATERS and data["comparison"]["min_raters"] == MIN_RATERS
        for scale in data["comparison"]["scales"]:
            want = expected[scale["id"]]
            assert scale["others"]["mean"] == pytest.approx(want["others"])
            assert scale["others"]["spread"] == pytest.approx(want["spread"])
        assert "answers" not in json.dumps(data["comparison"])

        # Material's dark scheme, as its palette toggle sets it.
        taker.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
        dark = axe_violations(taker, axe_script, include="[data-bt-feedback]")
        assert not dark, describe(dark)
        taker.emulate_media(media="print")
        expect(taker.locator(".bt-chart")).to_be_visible()
        expect(taker.locator(".bt-ask")).to_be_hidden()
        taker.emulate_media(media="screen")

        # "Clear my answers" removes the raters too.
        taker.get_by_role("button", name=strings(language)["clear"], exact=True).click()
        assert stored_raters(taker, rubric_id, rubric["version"]) is None
    taker_context.close()
