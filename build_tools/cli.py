"""`kb`: the command line of the Breakthrough knowledge base (build, serve, check, new, stamp)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import files as fs
from .site_builder import BuildError


def _build(args: argparse.Namespace) -> int:
    from .site_builder import build_site

    root = fs.find_project_root()
    report = build_site(root, Path(args.site_dir).resolve(), site_url=args.site_url, languages=args.language or None)
    per_language = ", ".join(f"{code} {seconds:.1f}s" for code, seconds in report.seconds_by_language.items())
    print(f"built {report.site_dir} in {report.seconds_total:.1f}s ({per_language})")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(fs.find_project_root(), Path(args.site_dir).resolve(), host=args.host, port=args.port)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checking import check_project

    root = fs.find_project_root()
    report = check_project(root)
    for problem in report.problems:
        prefix = "warning: " if problem.severity == "warning" else ""
        print(f"{prefix}{problem}")
    errors = sum(problem.severity == "error" for problem in report.problems)
    warnings = len(report.problems) - errors
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
    existing = [code for code in languages.codes if (root / "docs" / code / path).exists()]
    if existing:
        print(f"kb new: docs/{existing[0]}/{path} already exists; pick another slug", file=sys.stderr)
        return 2
    strings = {code: locale.data for code, locale in fs.read_locales(root, languages.codes).items()}
    draft = ArticleDraft(args.slug, args.title, args.description, args.tag, args.source)
    for code, text in scaffold_article(draft, languages, strings, dt.date.today()).items():
        fs.write_text(root / "docs" / code / path, text)
        print(f"created docs/{code}/{path}")
    print(f"next: write docs/{languages.default_code}/{path}, add it to `nav` in mkdocs.yml, then translate")
    return 0


def _stamp(args: argparse.Namespace) -> int:
    from .structure.editing import set_front_matter_value
    from .structure.registry import languages_from_config
    from .structure.translations import revision

    root = fs.find_project_root()
    languages = languages_from_config(fs.read_base_config(root))
    default_pages = fs.read_pages(root, languages.default_code)
    targets: list[Path] = []
    for name in args.paths:
        path = Path(name).resolve()
        targets.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    stamped = 0
    for path in targets:
        try:
            language, relative = _language_and_path(root, path)
        except ValueError as error:
            print(f"kb stamp: {error}", file=sys.stderr)
            return 2
        if language == languages.default_code:
            continue
        if relative not in default_pages:
            print(
                f"{path}: no {languages.default_code} page docs/{languages.default_code}/{relative} to record",
                file=sys.stderr,
            )
            return 2
        text = fs.read_text(path)
        updated = set_front_matter_value(text, "translated_from", revision(default_pages[relative]))
        if updated != text:
            fs.write_text(path, updated)
            stamped += 1
    print(f"stamped {stamped} page(s) with the current {languages.default_code} revision")
    return 0


def _language_and_path(root: Path, path: Path) -> tuple[str, str]:
    try:
        parts = path.relative_to(root / "docs").parts
    except ValueError:
        raise ValueError(f"{path} is not under {root / 'docs'}") from None
    if len(parts) < 2:
        raise ValueError(f"{path}: expected docs/<language>/<page>.md")
    return parts[0], "/".join(parts[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' own progress messages")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build every language into site/")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--site-url", default=None, help="absolute URL the site is served from")
    build.add_argument("--language", action="append", help="build only this language (repeatable)")
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

    stamp = commands.add_parser(
        "stamp", help="record in translations which default-language revision they match (translated_from)"
    )
    stamp.add_argument("paths", nargs="+", help="translated pages or folders, e.g. docs/fr/articles/x.md")
    stamp.set_defaults(run=_stamp)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return int(args.run(args))
    except BuildError as error:
        # Builds are atomic (build_tools.site_builder): nothing in the site folder has changed.
        print(f"kb: build failed, the site folder is unchanged: {error}", file=sys.stderr)
        return 1
    except fs.SourceFileError as error:
        print("kb: refused to read:\n  " + "\n  ".join(map(str, error.problems)), file=sys.stderr)
        return 1
    except fs.ProjectNotFound as error:
        print(f"kb: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
