"""`kb`: the command line of the Breakthrough knowledge base (build, serve, check, new, stamp)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import files as fs
from .site_builder import BuildError
from .structure.problems import Problem, unique
from .structure.registry import RegistryError


def _build(args: argparse.Namespace) -> int:
    from .site_builder import build_site

    root = fs.find_project_root()
    report = build_site(
        root,
        Path(args.site_dir).resolve(),
        site_url=args.site_url,
        languages=args.language or None,
        runtime=not args.no_runtime,
    )
    per_language = ", ".join(f"{code} {seconds:.1f}s" for code, seconds in report.seconds_by_language.items())
    print(f"built {report.site_dir} in {report.seconds_total:.1f}s ({per_language})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(fs.find_project_root(), Path(args.site_dir).resolve(), host=args.host, port=args.port)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .project import check_project

    root = fs.find_project_root()
    report = check_project(root)
    problems = unique(report.problems)
    for problem in problems:
        print(problem.shown())
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    print(
        f"kb check: {errors} error(s), {warnings} warning(s) in {report.pages} pages, {report.rubrics} rubrics, "
        f"{report.languages} languages ({report.seconds:.1f}s)"
    )
    return 1 if errors or (args.strict and warnings) else 0


def _new_article(args: argparse.Namespace) -> int:
    import datetime as dt

    from .structure.registry import languages_from_config
    from .structure.scaffold import ArticleDraft, article_path, scaffold_article

    root = fs.find_project_root()
    languages = languages_from_config(fs.read_base_config(root))
    try:
        path = article_path(args.slug)
    except ValueError as error:
        print(f"kb new: {error}", file=sys.stderr)
        return 2
    existing = [code for code in languages.codes if fs.path_exists(root / "docs" / code / path)]
    if existing:
        _print_problems([Problem(f"docs/{existing[0]}/{path}", 0, "already exists", "pick another slug")])
        return 2
    unknown = _unknown_sources(root, languages.default_code, args.source)
    if unknown:
        _print_problems(unknown)
        return 2
    strings = {code: locale.data for code, locale in fs.read_locales(root, languages.codes).items()}
    draft = ArticleDraft(args.slug, args.title, args.description, args.tag, args.source)
    default = languages.default_code
    fs.write_text(root / "docs" / default / path, scaffold_article(draft, strings[default], dt.date.today()))
    print(f"created docs/{default}/{path}")
    print(
        f"next: write docs/{default}/{path} (it joins the navigation from its front matter). The other languages"
        f" show it in {default} with a notice until `kb new translation <lang> {path}` starts a translation."
    )
    return 0


def _unknown_sources(root: Path, default_code: str, sources: list[str]) -> list[Problem]:
    """``--source`` ids the Sources page has no heading for (`kb check` would refuse the article)."""
    from .structure.markdown_source import explicit_ids
    from .structure.model import SOURCES_PAGE

    name = f"docs/{default_code}/{SOURCES_PAGE}"
    known = explicit_ids(fs.read_text(root / name)) if fs.path_exists(root / name) else set()
    valid = ", ".join(sorted(known)) or "none yet"
    return [
        Problem(name, 0, f"no source with id `{source}`", f"use one of: {valid}; or add a heading with {{#{source}}}")
        for source in dict.fromkeys(sources)
        if source not in known
    ]


def _new_language(args: argparse.Namespace) -> int:
    from .project import read_registry
    from .structure import language_scaffold as scaffold
    from .structure.limits import YAML_FILE_MAX_BYTES

    root = fs.find_project_root()
    registry = read_registry(root)
    languages = registry.languages
    try:
        language, notes = scaffold.plan_language(
            args.code, args.name, languages.codes, theme_languages=fs.material_theme_languages()
        )
    except scaffold.ScaffoldError as error:
        print(f"kb new language: {error}", file=sys.stderr)
        return 2

    def read(name: str) -> str:
        return fs.read_text(root / name, max_bytes=YAML_FILE_MAX_BYTES)

    changes: dict[str, str] = {"mkdocs.yml": scaffold.add_to_mkdocs(read("mkdocs.yml"), language)}
    locale_paths = {code: f"{fs.LOCALES_FOLDER}/{code}.yml" for code in languages.codes}
    for name in locale_paths.values():
        if fs.path_exists(root / name):
            changes[name] = scaffold.add_language_name(read(name), language, languages.codes)
    default_locale = locale_paths[languages.default_code]
    created = [f"{fs.LOCALES_FOLDER}/{language.code}.yml"]
    changes[created[0]] = scaffold.derive_locale(
        changes.get(default_locale) or read(default_locale), languages.default_code, language
    )
    if not fs.path_exists(root / "docs" / language.code):
        # MkDocs needs the language's folder; git keeps a folder only with a file in it. Hidden files are
        # neither checked nor published (files._walk and MkDocs both skip them).
        created.append(f"docs/{language.code}/.gitkeep")
        changes[created[-1]] = ""
    partial = scaffold.material_partial(language)
    if partial is not None:
        created.append(f"{scaffold.MATERIAL_PARTIALS}/{language.code}.html")
        changes[created[-1]] = partial
    if fs.path_exists(root / CODEOWNERS):
        changes[CODEOWNERS] = scaffold.add_codeowners(
            read(CODEOWNERS), languages.codes, languages.default_code, language.code
        )
    for form in fs.files_named(root / ISSUE_FORMS, "*.yml"):
        name = form.relative_to(root).as_posix()
        edited = scaffold.add_issue_language(read(name), language.name)
        if edited != read(name):
            changes[name] = edited
    changes = {name: text for name, text in changes.items() if name in created or text != read(name)}
    fs.write_scaffold(root, changes, created)
    for name in changes:
        print(f"{'created' if name in created else 'changed'} {name}")
    for note in notes:
        print(f"note: {note}")
    print(
        f"next: translate {created[0]} (`kb check` counts the values still marked `# untranslated`), then pages"
        f" (`kb new translation {language.code} <page>` starts one; until then readers see the"
        f" {languages.default_code} pages with a notice) and assessments/<id>/{language.code}.yaml"
    )
    return 0


CODEOWNERS = ".github/CODEOWNERS"
ISSUE_FORMS = ".github/ISSUE_TEMPLATE"


def _new_assessment(args: argparse.Namespace) -> int:
    import datetime as dt

    from .project import read_registry
    from .structure import assessment_scaffold as scaffold
    from .translation_commands import store_originals

    root = fs.find_project_root()
    registry = read_registry(root)
    languages = registry.languages
    try:
        rubric = scaffold.rubric_path(args.id)
    except ValueError as error:
        print(f"kb new assessment: {error}", file=sys.stderr)
        return 2
    page = scaffold.page_path(args.id)
    created = [rubric]
    changes = {rubric: scaffold.scaffold_rubric(args.id)}
    for code in languages.codes:
        name = f"assessments/{args.id}/{code}.yaml"
        created.append(name)
        changes[name] = scaffold.scaffold_texts(changes[rubric], args.id, code)
    for code, text in scaffold.scaffold_pages(args.id, languages, dt.date.today()).items():
        created.append(f"docs/{code}/{page}")
        changes[created[-1]] = text
    try:
        changes["mkdocs.yml"] = scaffold.add_to_nav(fs.read_text(root / "mkdocs.yml"), args.id, registry.assessment_ids)
    except ValueError as error:
        print(f"kb new assessment: {error}", file=sys.stderr)
        return 2
    existing = [name for name in created if fs.path_exists(root / name)]
    if existing:
        print(f"kb new assessment: {existing[0]} already exists; pick another id", file=sys.stderr)
        return 2
    fs.write_scaffold(root, changes, created)
    # The translations record the default page's revision: its text is stored so `kb diff` can resolve it.
    store_originals(root, [changes[f"docs/{languages.default_code}/{page}"]])
    for name in changes:
        print(f"{'created' if name in created else 'changed'} {name}")
    print(
        f'next: shape {rubric}, then write every empty text ("") of assessments/{args.id}/<lang>.yaml and the'
        f" title and description of docs/<lang>/{page}; `kb check` lists each one still empty. Link the page"
        f" from docs/<lang>/{scaffold.ASSESSMENTS_FOLDER}/index.md."
    )
    return 0


def _new_translation(args: argparse.Namespace) -> int:
    import datetime as dt

    from .translation_commands import new_translation

    return new_translation(args.language, args.page, dt.date.today())


def _diff(args: argparse.Namespace) -> int:
    from .translation_commands import diff

    return diff(args.language, args.page)


def _status(args: argparse.Namespace) -> int:
    from .translation_commands import status

    return status(args.changed)


def _stamp(args: argparse.Namespace) -> int:
    from . import translation_commands
    from .structure.editing import set_front_matter_value
    from .structure.registry import languages_from_config
    from .structure.translations import ORIGINALS_FOLDER, revision

    root = fs.find_project_root()
    languages = languages_from_config(fs.read_base_config(root))
    default_pages = fs.read_pages(root, languages.default_code)
    targets: list[Path] = []
    for name in args.paths:
        path = Path(name).resolve()
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else name
        if not path.is_relative_to(root / "docs"):  # checked before listing: never walk a folder outside docs/
            _print_problems([Problem(shown, 0, "not under docs/", STAMP_TARGETS)])
            return 2
        if not fs.path_exists(path):
            _print_problems([Problem(shown, 0, "does not exist", "check the path")])
            return 2
        targets.extend(fs.markdown_under(path))
    stamped = 0
    english: list[str] = []  # default-language pages: only `--minor` does something with them
    for path in targets:
        shown = path.relative_to(root).as_posix()
        try:
            language, relative = _language_and_path(root, path)
        except ValueError as error:
            _print_problems([Problem(shown, 0, str(error), STAMP_TARGETS)])
            return 2
        if language == ORIGINALS_FOLDER:
            continue
        if language == languages.default_code:
            english.append(relative)
            continue
        if args.minor:  # nothing is stamped: --minor concerns the default-language edit, not a translation
            default_dir = f"docs/{languages.default_code}/"
            _print_problems([Problem(shown, 0, f"--minor takes pages of {default_dir}", f"e.g. {default_dir}x.md")])
            return 2
        if relative not in default_pages:
            default_page = f"docs/{languages.default_code}/{relative}"
            _print_problems([Problem(shown, 0, f"no {default_page} to record", "a translation keeps its page's path")])
            return 2
        text = fs.read_text(path)
        updated = set_front_matter_value(text, "translated_from", revision(default_pages[relative]))
        translation_commands.store_originals(root, [default_pages[relative]])
        if updated != text:
            fs.write_text(path, updated)
            stamped += 1
    if args.minor:
        return translation_commands.stamp_minor(root, languages, english)
    print(f"stamped {stamped} page(s) with the current {languages.default_code} revision")
    translation_commands.prune_originals(root, languages)
    return 0


STAMP_TARGETS = "give translated pages or folders, e.g. docs/fr/articles/x.md"


def _language_and_path(root: Path, path: Path) -> tuple[str, str]:
    try:
        parts = path.relative_to(root / "docs").parts
    except ValueError:
        raise ValueError("not under docs/") from None
    if len(parts) < 2:
        raise ValueError("not a page of a language (docs/<language>/<page>.md)")
    return parts[0], "/".join(parts[1:])


def _print_problems(problems: list[Problem], summary: str = "") -> None:
    for problem in unique(problems):
        print(problem.shown(), file=sys.stderr)
    if summary:
        print(summary, file=sys.stderr)


NEW_LANGUAGE_HELP = """\
Adds a language to the site: its entry in mkdocs.yml (plugins.breakthrough.languages), its interface
strings build_tools/locales/<code>.yml (the default language's, each value marked `# untranslated` until
translated: `kb check` warns with how many are left), its name in every locale file's language_names,
its lines in .github/CODEOWNERS and its name in the translation issue form. Pages need nothing: until they
are translated, readers see the default-language pages with a notice, and assessments use the
default-language texts (`kb check` warns about both).

search: nothing to set. Pagefind indexes each language's pages under its code (build_tools/search_index.py),
with stemming where Pagefind has a stemmer for the language and without it otherwise."""

NEW_TRANSLATION_HELP = """\
Starts a translation of one page: docs/<lang>/<page> as a copy of the default-language page, recording the
revision it starts from (translated_from) and storing that text in docs/_originals/. Translate it in place.
Until its text differs from the copy, readers of that language keep seeing the default-language page with a
notice; once the default-language page changes, `kb diff <lang> <page>` shows what changed since."""

NEW_ASSESSMENT_HELP = """\
Scaffolds an assessment: assessments/<id>/rubric.yaml (the smallest rubric the engine accepts: one scale
of four statements), assessments/<id>/<lang>.yaml and docs/<lang>/assessments/<id>.md in every language,
and the page in mkdocs.yml's nav. Every text is empty, and `kb check` and `kb build` refuse empty texts:
nothing unwritten is ever published."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kb", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own progress messages")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build every language into site/")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--site-url", default=None, help="absolute URL the site is served from")
    build.add_argument("--language", action="append", help="build only this language (repeatable)")
    build.add_argument(
        "--no-runtime", action="store_true", help="leave out the Pyodide runtime (pages only; assessments cannot score)"
    )
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="build, serve on http://127.0.0.1:8000 and rebuild on changes")
    serve.add_argument("--site-dir", default="site")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    check = commands.add_parser("check", help="check pages, links, rubrics and translations (no browser)")
    check.add_argument("--strict", action="store_true", help="fail on warnings (missing or outdated translations)")
    check.set_defaults(run=_check)

    new = commands.add_parser("new", help="scaffold new content in every language")
    kinds = new.add_subparsers(dest="kind", required=True)
    article = kinds.add_parser("article", help="a new article: docs/<lang>/articles/<slug>.md in every language")
    article.add_argument("slug", help="lowercase words joined by hyphens, e.g. coaching-new-managers")
    article.add_argument("--title", required=True, help="title in the default language")
    article.add_argument("--description", required=True, help="one sentence, at most 160 characters")
    article.add_argument("--tag", action="append", required=True, help="a tag (repeatable)")
    article.add_argument(
        "--source", action="append", required=True, help="a source id from docs/en/sources.md (repeatable)"
    )
    article.set_defaults(run=_new_article)
    translation = kinds.add_parser(
        "translation",
        help="start a translation: a copy of the default-language page recording its revision",
        description=NEW_TRANSLATION_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    translation.add_argument("language", help="a translation language of the site, e.g. fr")
    translation.add_argument("page", help="the page's path under docs/<lang>/, e.g. articles/coaching-new-managers.md")
    translation.set_defaults(run=_new_translation)
    language = kinds.add_parser(
        "language",
        help="a new language: mkdocs.yml, interface strings to translate, CODEOWNERS, issue form",
        description=NEW_LANGUAGE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    language.add_argument("code", help="lower-case BCP 47 code, e.g. de, es, pt-br; a folder and URL name")
    language.add_argument("--name", required=True, help='the language\'s own name for itself, e.g. "Deutsch"')
    language.set_defaults(run=_new_language)
    assessment = kinds.add_parser(
        "assessment",
        help="a new assessment: rubric, texts and page in every language, all texts to write",
        description=NEW_ASSESSMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    assessment.add_argument("id", help="lowercase words joined by hyphens, e.g. demo-check")
    assessment.set_defaults(run=_new_assessment)

    stamp = commands.add_parser(
        "stamp", help="record in translations which default-language revision they match (translated_from)"
    )
    stamp.add_argument("paths", nargs="+", help="translated pages or folders, e.g. docs/fr/articles/x.md")
    stamp.add_argument(
        "--minor",
        action="store_true",
        help="the last edit of the given default-language pages needs no translation update (a typo fix): "
        "translations that followed the text before it now follow the current text",
    )
    stamp.set_defaults(run=_stamp)

    diff = commands.add_parser(
        "diff", help="what changed in the default-language page since the translation's recorded revision"
    )
    diff.add_argument("language", help="the translation's language, e.g. fr")
    diff.add_argument("page", help="the page's path under docs/<lang>/, e.g. articles/coaching-new-managers.md")
    diff.set_defaults(run=_diff)

    status = commands.add_parser(
        "status", help="Markdown report of the translations behind (CI writes it into the job summary)"
    )
    status.add_argument(
        "--changed", default=None, help="a file listing changed paths, one per line (default: every page)"
    )
    status.set_defaults(run=_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return int(args.run(args))
    except BuildError as error:
        # Builds are atomic (build_tools.site_builder): nothing in the site folder has changed.
        if error.problems:
            _print_problems(error.problems, f"kb {args.command}: the build stopped; the site folder is unchanged")
        else:
            print(f"kb {args.command}: the build stopped; the site folder is unchanged: {error}", file=sys.stderr)
        return 1
    except fs.SourceFileError as error:
        _print_problems(error.problems, f"kb {args.command}: stopped before reading further (fix the above)")
        return 1
    except (fs.ProjectNotFound, RegistryError) as error:
        print(f"kb: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
