"""The rater's side of feedback in Chromium: an assessment page opened with an invitation link shows who
asked (as text), the anonymity rule before the statements, the observer form, and a response link that the
taker's page decodes to exactly the answers given; completed with the keyboard alone; axe in light and dark;
sealed, damaged and outdated invitations say what is wrong in the page's language; nothing is stored,
requested or sent that carries answers, names or passphrases.

Invitations are made here the way feedback-links.js makes them (the format is its contract); sealing and
decoding use the site's own module, imported into the page.
"""

from __future__ import annotations

import base64
import json
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, Request, expect

from build_tools.project import read_registry

from .conftest import axe_violations, describe

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = read_registry(ROOT)
LANGUAGES = list(REGISTRY.language_codes)
STORAGE_PREFIX = "bt."


@cache
def observer_texts(rubric_id: str, language: str) -> dict[str, Any] | None:
    path = ROOT / "assessments" / rubric_id / f"{language}.yaml"
    texts = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    observer = texts.get("observer") if isinstance(texts, dict) else None
    return observer if isinstance(observer, dict) else None


# The assessments with an observer form in every language (the project decides which: sales-manager-traits
# and leadership-duties so far).
OBSERVED = [a for a in REGISTRY.assessment_ids if all(observer_texts(a, code) for code in LANGUAGES)]


@cache
def strings(language: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "build_tools" / "locales" / f"{language}.yml").read_text(encoding="utf-8"))
    return dict(data["assessment"])


def rater(language: str) -> dict[str, Any]:
    return dict(strings(language)["rater"])


def structure(site_dir: Path, language: str, rubric_id: str) -> dict[str, Any]:
    path = site_dir / language / "assets" / "rubrics" / f"{rubric_id}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["structure"])


def form_model(rubric: dict[str, Any]) -> dict[str, Any]:
    """The FormModel feedback-links.js checks links against, as the page reads it from its form."""
    items = []
    for item in rubric["items"]:
        if "choice" in item:
            items.append({"id": item["id"], "kind": "choice", "values": [c["id"] for c in item["choice"]]})
        else:
            values = [str(v) for v in rubric["answer_scales"][item["answers"]]["values"]]
            items.append({"id": item["id"], "kind": "likert", "values": values})
    return {"rubricId": rubric["id"], "version": rubric["version"], "items": items}


def statements(rubric: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in rubric["items"] if "choice" not in item]


def fnv1a(text: str) -> str:
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) % 2**32
    return f"{value:08x}"


def invitation(rubric_id: str, version: int, name: str = "", kind: str = "i1") -> str:
    """An invitation link: "i1.<assessment>.<version>.<base64url name>.<fnv1a>"."""
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    body = [kind, rubric_id, str(version), encoded]
    return ".".join(body) + "." + fnv1a("|".join(body))


def page_url(base_url: str, language: str, rubric_id: str) -> str:
    return f"{base_url}{language}/assessments/{rubric_id}/"


def links_module(page: Page) -> str:
    """The URL of the site's feedback-links.js, beside the assessment entry script the page loads."""
    return str(
        page.evaluate(
            """() => new URL("assessment/feedback-links.js",
                 document.querySelector("script[src*='assessment.js']").src).href"""
        )
    )


def decode_response(page: Page, model: dict[str, Any], link: str) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """async ([module, model, link]) =>
                 (await import(module)).decodeResponse({[model.rubricId]: model}, link)""",
            [links_module(page), model, link],
        )
    )


def seal(page: Page, link: str, passphrase: str) -> str:
    return str(
        page.evaluate(
            "async ([module, link, passphrase]) => (await import(module)).sealLink(link, passphrase)",
            [links_module(page), link, passphrase],
        )
    )


def stored_keys(page: Page) -> list[str]:
    return list(
        page.evaluate("(prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))", STORAGE_PREFIX)
    )


def title(page: Page, language: str, name: str) -> Any:
    text = rater(language)["title"].replace("{name}", name) if name else rater(language)["title_anonymous"]
    return page.get_by_role("heading", name=text, exact=True)


def response_link(page: Page, language: str, base: str) -> str:
    """The response link the view gives, once shown: the link text after "#response=" in the URL field."""
    field = page.get_by_label(rater(language)["link_label"], exact=True)
    expect(field).to_be_visible()
    url = field.input_value()
    assert url.startswith(f"{base}#response="), url
    return url.split("#response=", 1)[1]


def open_helper(context: BrowserContext, base_url: str, language: str, rubric_id: str) -> Page:
    """A page of the site in rater mode with an unusable invitation: the engine never starts, and the site's
    modules can be imported into it to make links."""
    helper = context.new_page()
    helper.goto(page_url(base_url, language, rubric_id) + "#invite=x")
    expect(helper.get_by_role("heading", name=rater(language)["error_title"], exact=True)).to_be_visible()
    return helper


# --------------------------------------------------------------------------- every language, every form


@pytest.mark.parametrize("rubric_id", OBSERVED)
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invitation_gives_a_response_with_exactly_the_answers_given(
    page: Page, base_url: str, site_dir: Path, language: str, rubric_id: str
) -> None:
    rubric = structure(site_dir, language, rubric_id)
    name = "<b>Łucja</b> & 李"  # markup in a name stays text
    base = page_url(base_url, language, rubric_id)
    page.goto(f"{base}#invite={invitation(rubric_id, rubric['version'], name)}")

    expect(title(page, language, name)).to_be_visible()
    expect(page).to_have_url(base)  # the invitation left the URL once read
    view = page.locator("[data-bt-rater]")
    assert view.locator("b").count() == 0
    anonymity = rater(language)["anonymity"].replace("{count}", "3")
    rule = view.get_by_text(anonymity, exact=True)
    expect(rule).to_be_visible()
    shown = page.get_by_role("checkbox", name=rater(language)["shown_label"], exact=True)
    expect(shown).not_to_be_checked()
    expect(page.locator("form[data-bt-form]")).to_be_hidden()  # the reader's own questionnaire
    # the disclaimer speaks to the rater, not to someone assessing themselves
    expect(view.get_by_text(rater(language)["disclaimer"], exact=True)).to_be_visible()
    own = yaml.safe_load((ROOT / "assessments" / rubric_id / f"{language}.yaml").read_text(encoding="utf-8"))
    expect(page.get_by_text(own["disclaimer"], exact=True)).to_have_count(1)
    expect(page.get_by_text(own["disclaimer"], exact=True)).to_be_hidden()

    wordings = observer_texts(rubric_id, language) or {}
    expected = [f"{n}. {wordings['items'][item['id']]}" for n, item in enumerate(statements(rubric), start=1)]
    legends = view.locator("fieldset legend")
    expect(legends).to_have_text(expected)
    before = rule.evaluate(
        "(rule, fieldset) => Boolean(rule.compareDocumentPosition(fieldset) & Node.DOCUMENT_POSITION_FOLLOWING)",
        view.locator("fieldset").first.element_handle(),
    )
    assert before, "the anonymity rule comes before the first statement"

    chooser = random.Random(f"{language}-{rubric_id}")
    values = {i["id"]: rubric["answer_scales"][i["answers"]]["values"] for i in statements(rubric)}
    indexes = {item_id: chooser.randrange(len(options)) for item_id, options in values.items()}
    skipped = chooser.sample(sorted(indexes), k=3)
    for item_id in skipped:
        del indexes[item_id]
    page.evaluate(
        """(indexes) => { for (const [item, index] of Object.entries(indexes))
             document.querySelectorAll(`input[name="bt-rater-${item}"]`)[index].click(); }""",
        indexes,
    )
    chosen = LANGUAGES.index(language) % 2 == 0
    if chosen:
        shown.check()
    page.get_by_role("button", name=rater(language)["create"], exact=True).click()
    link = response_link(page, language, base)

    answers = {item_id: values[item_id][index] for item_id, index in indexes.items()}
    decoded = decode_response(page, form_model(rubric), link)
    mark = decoded["response"].pop("rater")
    assert re.fullmatch(r"[A-Za-z0-9_-]{8}", mark), "a random mark tells raters with the same answers apart"
    assert decoded == {
        "response": {"rubricId": rubric_id, "version": rubric["version"], "answers": answers, "shown": chosen}
    }
    assert stored_keys(page) == [], "nothing of the rater's is stored"


# ------------------------------------------------------------------------------------ keyboard and axe


def test_keyboard_only_completion_and_axe_in_light_and_dark(
    page: Page, base_url: str, site_dir: Path, axe_script: Path
) -> None:
    language, rubric_id = LANGUAGES[0], OBSERVED[0]
    rubric = structure(site_dir, language, rubric_id)
    base = page_url(base_url, language, rubric_id)
    page.goto(f"{base}#invite={invitation(rubric_id, rubric['version'], 'Anna')}")
    heading = title(page, language, "Anna")
    expect(heading).to_be_focused()
    found = axe_violations(page, axe_script, include=".bt-assessment")
    assert not found, describe(found)

    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name=rater(language)["shown_label"], exact=True)).to_be_focused()
    page.keyboard.press("Space")
    for item in statements(rubric):
        page.keyboard.press("Tab")
        first = page.locator(f'input[name="bt-rater-{item["id"]}"]').first
        expect(first).to_be_focused()
        page.keyboard.press("Space")
        expect(first).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label(rater(language)["seal_label"], exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=rater(language)["create"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=rater(language)["response_title"], exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(rater(language)["link_label"], exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=rater(language)["copy"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text(rater(language)["copy_failed"]).or_(page.get_by_text(rater(language)["copied"]))
    ).to_be_visible()

    link = response_link(page, language, base)
    first_values = {i["id"]: rubric["answer_scales"][i["answers"]]["values"][0] for i in statements(rubric)}
    decoded = decode_response(page, form_model(rubric), link)
    assert decoded["response"]["answers"] == first_values and decoded["response"]["shown"] is True

    found = axe_violations(page, axe_script, include=".bt-assessment")
    assert not found, describe(found)
    page.emulate_media(color_scheme="dark")
    found = axe_violations(page, axe_script, include=".bt-assessment")
    assert not found, describe(found)


# ------------------------------------------------------------------------- sealed and damaged invitations


@pytest.mark.parametrize("language", LANGUAGES)
def test_sealed_damaged_and_outdated_invitations_say_what_is_wrong(
    context: BrowserContext, base_url: str, site_dir: Path, language: str
) -> None:
    rubric_id = OBSERVED[-1]
    rubric = structure(site_dir, language, rubric_id)
    base = page_url(base_url, language, rubric_id)
    plain = invitation(rubric_id, rubric["version"], "Marek")
    helper = open_helper(context, base_url, language, rubric_id)
    sealed = seal(helper, plain, "correct horse")
    older = rubric["version"] - 1 if rubric["version"] > 1 else rubric["version"] + 1
    sealed_outdated = seal(helper, invitation(rubric_id, older, "Marek"), "correct horse")
    helper.close()
    errors = rater(language)["errors"]

    def opened(link: str) -> Page:
        page = context.new_page()
        page.goto(f"{base}#invite={link}")
        return page

    def unlock(page: Page, passphrase: str) -> None:
        page.get_by_label(rater(language)["passphrase"], exact=True).fill(passphrase)
        page.get_by_role("button", name=rater(language)["open"], exact=True).click()

    # Right and wrong passphrase: the wrong one is said so, the form stays, the right one opens it.
    page = opened(sealed)
    expect(page.get_by_role("heading", name=rater(language)["sealed_title"], exact=True)).to_be_visible()
    expect(page).to_have_url(base)
    expect(page.locator("[data-bt-rater] fieldset")).to_have_count(0)  # nothing shown without it
    unlock(page, "wrong horse")
    expect(page.locator("[data-bt-rater]").get_by_role("alert")).to_have_text(errors["passphrase"])
    unlock(page, "correct horse")
    expect(title(page, language, "Marek")).to_be_visible()
    expect(page.locator("[data-bt-rater] fieldset")).to_have_count(len(statements(rubric)))
    page.close()

    parts = sealed.split(".")
    ciphertext = parts[3]
    changed = ciphertext[:-2] + ("A" if ciphertext[-2] != "A" else "B") + ciphertext[-1]
    after_passphrase = {
        "tampered": ".".join([*parts[:3], changed, parts[4]]),
        "truncated": sealed[:-3],
        "outdated": sealed_outdated,
    }
    for kind, link in after_passphrase.items():
        page = opened(link)
        unlock(page, "correct horse")
        expect(page.locator(f"[data-bt-rater-error={kind}]")).to_have_text(errors[kind])
        page.close()

    straight_away = {
        "outdated": invitation(rubric_id, rubric["version"] + 1, "Marek"),
        "format": invitation(rubric_id, rubric["version"], "Marek", kind="i9"),
        "unknown_assessment": invitation("no-such-assessment", 1, "Marek"),
        "tampered": plain[:-1] + ("0" if plain[-1] != "0" else "1"),
        "truncated": plain.rsplit(".", 1)[0] + "." + plain.rsplit(".", 1)[1][:4],
        "invalid": "not a link at all",
    }
    for kind, link in straight_away.items():
        page = opened(link)
        expect(page.get_by_role("heading", name=rater(language)["error_title"], exact=True)).to_be_visible()
        expect(page.locator("[data-bt-rater-error]")).to_have_text(errors[kind])
        # The reader can still answer about themselves.
        page.get_by_role("button", name=rater(language)["leave"], exact=True).click()
        expect(page.locator("form[data-bt-form]")).to_be_visible()
        page.close()


def test_without_web_crypto_passphrases_are_refused_in_words_and_plain_links_still_work(
    context: BrowserContext, base_url: str, site_dir: Path
) -> None:
    language, rubric_id = LANGUAGES[0], OBSERVED[0]
    rubric = structure(site_dir, language, rubric_id)
    base = page_url(base_url, language, rubric_id)
    helper = open_helper(context, base_url, language, rubric_id)
    sealed = seal(helper, invitation(rubric_id, rubric["version"]), "pass")
    helper.close()
    # What an insecure context (a plain-http host) or an old browser offers: no crypto.subtle.
    context.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined});")
    errors = rater(language)["errors"]

    page = context.new_page()
    page.goto(f"{base}#invite={sealed}")
    expect(page.locator("[data-bt-rater-error=no-crypto]")).to_have_text(errors["no_crypto"])
    page.close()

    page = context.new_page()
    page.goto(f"{base}#invite={invitation(rubric_id, rubric['version'])}")
    expect(title(page, language, "")).to_be_visible()
    page.locator("[data-bt-rater] fieldset input").first.check()
    page.get_by_label(rater(language)["seal_label"], exact=True).fill("secret")
    page.get_by_role("button", name=rater(language)["create"], exact=True).click()
    expect(page.locator("[data-bt-rater]").get_by_role("alert")).to_have_text(errors["cannot_seal"])
    page.get_by_label(rater(language)["seal_label"], exact=True).fill("")
    page.get_by_role("button", name=rater(language)["create"], exact=True).click()
    assert response_link(page, language, base).startswith("r1.")


# ------------------------------------------------------------------------------------------ the network


def test_no_request_carries_answers_names_or_passphrases(
    context: BrowserContext, base_url: str, site_dir: Path, requests_seen: list[Request]
) -> None:
    language, rubric_id = LANGUAGES[-1], OBSERVED[0]
    rubric = structure(site_dir, language, rubric_id)
    base = page_url(base_url, language, rubric_id)
    name, passphrase, reply_passphrase = "Zofia", "open sesame 42", "reply secret 7"
    helper = open_helper(context, base_url, language, rubric_id)
    sealed = seal(helper, invitation(rubric_id, rubric["version"], name), passphrase)
    helper.close()
    requests_seen.clear()

    page = context.new_page()
    page.goto(f"{base}#invite={sealed}")
    page.get_by_label(rater(language)["passphrase"], exact=True).fill(passphrase)
    page.get_by_role("button", name=rater(language)["open"], exact=True).click()
    expect(title(page, language, name)).to_be_visible()
    page.evaluate(
        """() => { for (const group of document.querySelectorAll("[data-bt-rater] fieldset"))
             group.querySelectorAll("input")[2].click(); }"""
    )
    page.get_by_label(rater(language)["seal_label"], exact=True).fill(reply_passphrase)
    page.get_by_role("button", name=rater(language)["create"], exact=True).click()
    link = response_link(page, language, base)
    assert link.startswith("s1."), "sealed with the rater's passphrase"
    page.wait_for_load_state("networkidle")
    assert stored_keys(page) == []
    seen = list(requests_seen)

    plain = str(
        page.evaluate(
            "async ([module, link, passphrase]) => (await import(module)).openSealedLink(link, passphrase)",
            [links_module(page), link, reply_passphrase],
        )["link"]
    )
    codes = plain.split(".")[-2]  # the answers: the field before the checksum
    assert set(codes) == {"2"}
    secrets = [name, passphrase, reply_passphrase, codes, link, sealed, "invite=", "response="]
    secrets += [passphrase.replace(" ", "%20"), reply_passphrase.replace(" ", "%20")]
    assert seen, "the page loaded"
    for request in seen:
        if request.url.startswith(("data:", "blob:")):
            continue
        assert request.url.startswith(base_url), request.url
        assert request.method in ("GET", "HEAD"), (request.method, request.url)
        assert request.post_data_buffer is None, request.url
        for secret in secrets:
            assert secret not in request.url, (secret, request.url)
        assert "engine-worker" not in request.url and "pyodide" not in request.url, "a rater needs no engine"


# ------------------------------------------------------------------------------------------ languages


def test_the_language_switcher_carries_the_invitation_to_every_language(
    page: Page, base_url: str, site_dir: Path
) -> None:
    rubric_id = OBSERVED[0]
    first, *others = LANGUAGES
    version = structure(site_dir, first, rubric_id)["version"]
    page.goto(f"{page_url(base_url, first, rubric_id)}#invite={invitation(rubric_id, version, 'Anna')}")
    expect(title(page, first, "Anna")).to_be_visible()
    for language in others:
        target = page.locator(f"a[data-bt-language={language}]").first.get_attribute("href") or ""
        page.goto(target)
        expect(title(page, language, "Anna")).to_be_visible()
        wordings = observer_texts(rubric_id, language) or {}
        first_statement = statements(structure(site_dir, language, rubric_id))[0]["id"]
        expect(page.locator("[data-bt-rater] fieldset legend").first).to_contain_text(
            wordings["items"][first_statement]
        )
        expect(page).to_have_url(page_url(base_url, language, rubric_id))
