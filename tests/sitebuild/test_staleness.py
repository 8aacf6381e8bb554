"""Staleness and diffs of translations, in every language of the registry: what counts as a change of the
default text, `kb diff` section by section, the banner readers see, the status page, `kb stamp` (originals
stored and pruned), `kb stamp --minor` (from git history) and the CI summary with CODEOWNERS."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_tools import files as fs
from build_tools.cli import main
from build_tools.site_builder import build_site
from build_tools.structure import codeowners, english_diff, translation_report
from build_tools.structure.editing import set_front_matter_value
from build_tools.structure.translations import ORIGINALS_FOLDER, revision

from .miniproject import DEFAULT, REGISTRY, TRANSLATIONS, make_project, write_page

GUIDE = "guide.md"  # a page listed in nav by hand (articles join the nav from their front matter)
BODY = "Lead.\n\n## Start {#start}\n\nFirst steps.\n\n## End {#end}\n\nDone.\n"
PAGE = "---\ntitle: {title}\ndescription: {description}\nupdated: {updated}\n---\n\n{body}"


def page(title: str = "T", description: str = "D", updated: str = "2026-11-25", body: str = BODY) -> str:
    return PAGE.format(title=title, description=description, updated=updated, body=body)


@pytest.mark.parametrize(
    ("after", "changed"),
    [
        (page(), []),
        (page(updated="2027-01-01"), []),  # the date alone is not a change of the text
        (page(body=BODY.replace("Done.", "Done.   ")), []),  # nor spaces at line ends
        (page(title="T2"), [("title", "changed")]),
        (page(description="D2"), [("description", "changed")]),
        (page(body=BODY.replace("Lead.", "A new lead.")), [(english_diff.LEAD, "changed")]),
        (page(body=BODY.replace("First steps.", "Other steps.")), [("#start", "changed")]),
        (page(body=BODY + "\n## More {#more}\n\nMore.\n"), [("#more", "added")]),
        (page(body=BODY.replace("## End {#end}\n\nDone.\n", "")), [("#end", "removed")]),
        (page(body=BODY.replace("## Start {#start}", "## Beginning {#start}")), [("#start", "changed")]),
    ],
)
def test_changes_are_found_section_by_section(after: str, changed: list[tuple[str, str]]) -> None:
    found = list(english_diff.changes(page(), after))
    assert [(change.key, change.kind) for change in found] == changed
    assert (revision(after) == revision(page())) is (not changed)


def test_a_heading_that_gains_an_id_is_the_same_section() -> None:
    before = page(body="Lead.\n\n## Start\n\nFirst steps.\n")
    after = page(body="Lead.\n\n## Start {#start}\n\nFirst steps, rewritten.\n")
    found = list(english_diff.changes(before, after))
    assert [(change.key, change.kind) for change in found] == [("#start", "changed")]
    assert "+First steps, rewritten." in found[0].diff


def _project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project", nav=["index.md", GUIDE, "translation-status.md"])
    pages = {"index.md": ("Home", "Welcome.", ""), GUIDE: ("Guide", BODY, "")}
    for path, (title, body, extra) in pages.items():
        english = write_page(root, DEFAULT, path, title, body, extra).read_text(encoding="utf-8")
        fs.write_original(root, revision(english), english)
        for language in TRANSLATIONS:
            stamp = f'translated_from: "{revision(english)}"\n'
            write_page(root, language, path, f"{title} ({language})", body.replace("steps", language), extra + stamp)
    return root


def _kb(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.chdir(root)
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _edit_english(root: Path) -> Path:
    english = root / "docs" / DEFAULT / GUIDE
    text = fs.read_text(english).replace("First steps.", "First steps, and a new paragraph.")
    fs.write_text(english, text.replace("updated: 2026-11-25", "updated: 2026-12-02"))
    return english


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_an_outdated_translation_is_seen_by_readers_translators_and_the_status_page(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    assert "0 warning(s)" in _kb(root, monkeypatch, capsys, "check")
    old = revision(fs.read_text(root / "docs" / DEFAULT / GUIDE))
    _edit_english(root)

    warnings = [line for line in _kb(root, monkeypatch, capsys, "check").splitlines() if line.startswith("warning")]
    assert len(warnings) == len(TRANSLATIONS)
    mine = next(line for line in warnings if f"docs/{language}/{GUIDE}" in line)
    assert f"changed since {old} (1: #start)" in mine and f"`kb diff {language} {GUIDE}`" in mine

    diff = _kb(root, monkeypatch, capsys, "diff", language, GUIDE)
    assert "#start (## Start {#start}): changed" in diff
    assert "    +First steps, and a new paragraph." in diff and "#end" not in diff
    assert "(updated 2026-11-25)" in diff and "(updated 2026-12-02)" in diff

    strings = fs.read_locales(root, REGISTRY.language_codes)[language].data
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", languages=[language], runtime=False)
    html = (site / language / "guide" / "index.html").read_text(encoding="utf-8")
    original = strings["language_names"][DEFAULT]
    banner = strings["outdated"]["text"].format(original=original, date="2026-12-02")
    assert "bt-outdated" in html and banner.replace("'", "&#39;") in html
    assert f'<a href="../../{DEFAULT}/guide/" hreflang="{DEFAULT}">' in html
    assert "bt-outdated" not in (site / language / "index.html").read_text(encoding="utf-8")
    status = (site / language / "translation-status" / "index.html").read_text(encoding="utf-8")
    behind = strings["translation_status"]["behind"].format(sections=1, days=7)
    assert behind.replace("'", "&#39;") in status

    # Updated and stamped: the warning and the banner go, the new original is stored, the unused one removed.
    stamped = _kb(root, monkeypatch, capsys, "stamp", f"docs/{language}/{GUIDE}")
    new = revision(fs.read_text(root / "docs" / DEFAULT / GUIDE))
    assert f"stored docs/{ORIGINALS_FOLDER}/{new}.md" in stamped
    assert (root / fs.ORIGINALS_DIR / f"{old}.md").is_file(), "the other translations still record it"
    output = _kb(root, monkeypatch, capsys, "check")
    assert f"docs/{language}/{GUIDE}" not in output
    for other in TRANSLATIONS:
        _kb(root, monkeypatch, capsys, "stamp", f"docs/{other}/{GUIDE}")
    assert not (root / fs.ORIGINALS_DIR / f"{old}.md").exists(), "no translation records it any more"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_new_translation_is_a_fallback_until_its_text_changes(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    (root / "docs" / language / GUIDE).unlink()
    out = _kb(root, monkeypatch, capsys, "new", "translation", language, GUIDE)
    assert f"created docs/{language}/{GUIDE}" in out
    copy = fs.read_text(root / "docs" / language / GUIDE)
    assert copy.count("First steps.") == 1 and f'translated_from: "{revision(copy)}"' in copy
    assert "not translated yet" in _kb(root, monkeypatch, capsys, "check")
    site = tmp_path / "site"
    build_site(root, site, site_url="https://example.test/", languages=[language], runtime=False)
    html = (site / language / "guide" / "index.html").read_text(encoding="utf-8")
    assert "bt-fallback" in html
    assert "/guide/" not in (site / language / "sitemap.xml").read_text(encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["new", "translation", language, GUIDE]) == 2, "an existing translation is never overwritten"
    assert f"docs/{language}/{GUIDE}: already exists" in capsys.readouterr().err


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_stamp_minor_moves_only_the_translations_that_followed_the_text_before_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    behind, *following = TRANSLATIONS
    fs.write_text(  # one translation already follows an older English text
        root / "docs" / behind / GUIDE,
        fs.read_text(root / "docs" / behind / GUIDE)
        .replace(revision(page()), "0123456789ab")
        .replace(revision(fs.read_text(root / "docs" / DEFAULT / GUIDE)), "0123456789ab"),
    )
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.test", "add", ".")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "-q", "-m", "start")
    english = root / "docs" / DEFAULT / GUIDE
    fs.write_text(english, fs.read_text(english).replace("Done.", "Done!"))  # a typo fix
    output = _kb(root, monkeypatch, capsys, "stamp", "--minor", f"docs/{DEFAULT}/{GUIDE}")
    assert f"marked as minor: {len(following)} translation(s)" in output
    current = revision(fs.read_text(english))
    for language in following:
        assert f'translated_from: "{current}"' in fs.read_text(root / "docs" / language / GUIDE)
    assert "0123456789ab" in fs.read_text(root / "docs" / behind / GUIDE), "a translation behind stays behind"
    assert (root / fs.ORIGINALS_DIR / f"{current}.md").is_file()


def test_stamp_minor_without_history_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)  # like a tarball: no .git
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["stamp", "--minor", f"docs/{DEFAULT}/{GUIDE}"]) == 2
    assert f"docs/{DEFAULT}/{GUIDE}: its history is needed for --minor" in capsys.readouterr().err


OWNERS = "/docs/{code}/  @org/editors-{code}  # the language's writers\n"


def test_the_ci_summary_names_the_translations_behind_and_their_owners(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _edit_english(root)
    (root / "docs" / TRANSLATIONS[0] / GUIDE).unlink()
    owners = "/docs/  @org/docs\n" + "".join(OWNERS.format(code=code) for code in TRANSLATIONS[1:])
    pages = fs.read_all_pages(root, REGISTRY.language_codes)
    changed = [f"docs/{DEFAULT}/{GUIDE}", "README.md", f"docs/{TRANSLATIONS[0]}/index.md"]
    report = translation_report.summary(DEFAULT, pages, fs.read_originals(root), owners, changed)
    assert f"### `docs/{DEFAULT}/{GUIDE}`" in report and "index.md`" not in report
    assert f"| `docs/{TRANSLATIONS[0]}/{GUIDE}` | missing | @org/docs |" in report
    for code in TRANSLATIONS[1:]:
        assert f"| `docs/{code}/{GUIDE}` | outdated: 1 section(s) changed (`#start`), 7 day(s) of changes |" in report
        assert f"@org/editors-{code} |" in report
    unchanged = translation_report.summary(DEFAULT, pages, {}, owners, ["README.md"])
    assert "no translation falls behind" in unchanged


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("docs/fr/index.md", ("@fr",)),
        ("docs/en/index.md", ("@docs",)),
        ("assessments/x/fr.yaml", ("@fr-texts",)),
        ("assessments/x/rubric.yaml", ()),
        ("build_tools/cli.py", ("@maintainers",)),
        ("a/build_tools/cli.py", ()),
    ],
)
def test_codeowners_last_matching_line_wins(path: str, owners: tuple[str, ...]) -> None:
    rules = codeowners.parse(
        "/docs/ @docs\n/docs/fr/ @fr\n/assessments/*/fr.yaml @fr-texts\n/build_tools/ @maintainers\n"
    )
    assert codeowners.owners(rules, path) == owners


@pytest.mark.parametrize(
    ("arguments", "edit", "message"),
    [
        (["diff", "xx-unknown", GUIDE], None, "`xx-unknown` is not a translation language of the site"),
        (["diff", "{lang}", "nowhere.md"], None, f"docs/{DEFAULT}/nowhere.md: does not exist"),
        (["diff", "{lang}", GUIDE], "delete", "docs/{lang}/guide.md: does not exist — `kb new translation"),
        (
            ["diff", "{lang}", GUIDE],
            "unknown original",
            "docs/{lang}/guide.md:1: its revision 0123456789ab is not stored",
        ),
        (["new", "translation", DEFAULT, GUIDE], None, f"`{DEFAULT}` is not a translation language of the site"),
        (["stamp", "--minor", "docs/{lang}/"], None, f"docs/{{lang}}/guide.md: --minor takes pages of docs/{DEFAULT}/"),
    ],
)
def test_translator_commands_refuse_with_the_reason(
    arguments: list[str],
    edit: str | None,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    language = TRANSLATIONS[0]
    root = _project(tmp_path)
    translation = root / "docs" / language / GUIDE
    if edit == "delete":
        translation.unlink()
    elif edit == "unknown original":
        _edit_english(root)
        fs.write_text(translation, set_front_matter_value(fs.read_text(translation), "translated_from", "0123456789ab"))
    monkeypatch.chdir(root)
    assert main([argument.format(lang=language) for argument in arguments]) == 2
    assert message.format(lang=language) in capsys.readouterr().err
