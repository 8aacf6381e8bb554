"""The ``breakthrough`` MkDocs plugin: a thin adapter between MkDocs events and ``build_tools.structure``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils.templates import TemplateContext

from . import files as fs
from .config import BreakthroughConfig, language_set
from .project import load_project
from .structure import assessment_form, frontmatter, pageview, sanitise, status_page
from .structure.checks import page_problems
from .structure.html import label_task_items
from .structure.model import STATUS_PAGE, Project
from .structure.output_guard import CONTENT_SECURITY_POLICY, active_content
from .structure.problems import Problem
from .structure.rubric_model import RUBRICS_DIR, CheckedRubric
from .structure.translations import SiteIndex

QUESTIONNAIRE_ANCHOR = "bt-questionnaire-title"  # the id of the form's heading (templates/assessment-form.html)


class SourceProblems(PluginError):
    """Problems in the sources; ``kb build`` reports each once, in the project's message format."""

    def __init__(self, summary: str, problems: Sequence[Problem]) -> None:
        super().__init__(f"{summary}\n  " + "\n  ".join(map(str, problems)))
        self.problems = list(problems)


class BreakthroughPlugin(BasePlugin[BreakthroughConfig]):
    """Fallback pages with a banner, front matter validation, alternates, sitemap and the status page."""

    project: Project | None = None

    def use_project(self, project: Project) -> None:
        """The checked project, from ``kb build`` (read and checked once for every language's build)."""
        self.project = project

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.language:
            raise PluginError(
                "mkdocs.yml is the shared base configuration: build the site with `kb build` "
                "(or `make build`), which generates one configuration per language"
            )
        self.languages = language_set(self.config)
        self.language = self.languages.get(self.config.language)
        self.root = Path(config.config_file_path).resolve().parent
        self.site_url = self.config.site_root
        if self.project is None:  # MkDocs run without `kb build`: read and check the sources here
            try:
                self.project = load_project(self.root)
            except fs.SourceFileError as error:
                # Before MkDocs reads a single file: it would follow links and copy whatever it finds.
                raise SourceProblems("sources the site does not publish:", error.problems) from None
            if self.project.errors:
                raise SourceProblems("invalid sources:", self.project.errors)
        self.pages = self.project.pages
        self.index = SiteIndex(
            {code: frozenset(pages) for code, pages in self.pages.items()}, self.languages.default_code
        )
        self.strings = self.project.strings(self.language.code)
        self.fallback_paths: set[str] = set()
        # Each questionnaire's rubric and the language its page is written in (the default's for a fallback).
        self.rubrics_used: dict[str, tuple[CheckedRubric, str]] = {}
        # Interface strings are plain text wherever a template puts them (Material prints config values raw).
        config.site_name = sanitise.as_text(config.site_name)
        config.site_description = sanitise.as_text(config.site_description or "")
        config.copyright = sanitise.as_text(config.copyright or "")
        config.extra["made_with"] = sanitise.as_text(str(config.extra.get("made_with", "")))
        for palette in config.theme.get("palette") or []:
            if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
                palette["toggle"]["name"] = sanitise.as_text(str(palette["toggle"].get("name", "")))
        return config

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        for item in nav.items:
            _titles_as_text(item)
        return nav

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        default_dir = self.root / "docs" / self.languages.default_code
        missing = set(self.index.missing_in(self.language.code))
        missing |= set(fs.list_assets(self.root, self.languages.default_code)) - set(
            fs.list_assets(self.root, self.language.code)
        )
        for path in sorted(missing):
            if files.get_file_from_path(path) is None:
                files.append(File(path, str(default_dir), config.site_dir, config.use_directory_urls))
                self.fallback_paths.add(path)
        files.append(File.generated(config, STATUS_PAGE, content=self._status_markdown()))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        _front_matter_as_text(page)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.src_uri
        if path == STATUS_PAGE:
            return sanitise.sanitise(html)
        language = self.languages.default_code if path in self.fallback_paths else self.language.code
        html = label_task_items(html)
        # The same rules as `kb check`, on the HTML MkDocs rendered (so nothing is rendered twice).
        problems = [
            problem
            for problem in page_problems(self._project, language, path, page.file.content_string, html)
            if problem.severity == "error"
        ]
        if problems:
            raise SourceProblems("invalid page:", problems)
        # The guarantee: whatever the check above missed, only allowlisted markup reaches the page.
        html = sanitise.sanitise(html)
        rubric_id = page.meta.get("assessment")
        if not rubric_id:
            return html
        rubric = self._project.rubrics[str(rubric_id)]
        to_language_root = "../" * page.url.count("/")
        form = assessment_form.render_form(
            rubric,
            language,
            self.strings["assessment"],
            self._project.sources.templates,
            rubric_url=f"{to_language_root}{RUBRICS_DIR}/{rubric_id}.json",
            runtime_url=f"{to_language_root}../{self.config.runtime_path}",
            site_root_url=to_language_root or "./",
        )
        self.rubrics_used[str(rubric_id)] = (rubric, language)
        # The form is added after Markdown rendering, so its heading joins the table of contents here.
        title = sanitise.as_text(self.strings["assessment"]["questionnaire"])
        page.toc.items.append(AnchorLink(title, QUESTIONNAIRE_ANCHOR, 2))
        return html + form

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return _inert(output, f"{self.language.code}/{page.file.dest_uri}")

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name.endswith(".html"):
            return _inert(output_content, f"{self.language.code}/{template_name}")
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for rubric_id, (rubric, language) in sorted(self.rubrics_used.items()):
            fs.write_text(Path(config.site_dir) / RUBRICS_DIR / f"{rubric_id}.json", rubric.client_json(language))

    @property
    def _project(self) -> Project:
        assert self.project is not None, "on_config sets the project"
        return self.project

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        context["bt"] = self._page_view(page)  # type: ignore[typeddict-unknown-key]  # our templates' namespace
        return context

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["bt_sitemap_entry"] = self._sitemap_entry
        return env

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "404.html":  # served at any depth: the switcher links to each language's home
            context["bt"] = self._view(None, None)  # type: ignore[typeddict-unknown-key]
        return context

    def _page_view(self, page: Page) -> dict[str, Any]:
        return self._view(page.file.src_uri, page.url)

    def _view(self, path: str | None, url: str | None) -> dict[str, Any]:
        """What our templates know of a page; ``path`` and ``url`` are None for the 404 page."""
        root_path = urlsplit(self.site_url).path or "/"
        strings = sanitise.texts(self.strings)
        return {
            "language": self.language.code,
            "strings": strings,
            "content_security_policy": CONTENT_SECURITY_POLICY,
            "is_fallback": path in self.fallback_paths,
            "fallback_text": strings["fallback"]["text"].format(
                fallback=strings["language_names"][self.languages.default_code]
            ),
            "switch_links": pageview.switch_links(
                self.languages, self.language.code, url or "", absolute_root=root_path if url is None else None
            ),
            "switch_links_fixed": url is None,
            "home_url": f"{root_path}{self.language.code}/",
        }

    def _sitemap_entry(self, page: Page) -> dict[str, Any] | None:
        """Sitemap data of a page, or None for pages kept out (fallback copies)."""
        path = page.file.src_uri
        if path in self.fallback_paths:
            return None
        if path == STATUS_PAGE:  # generated natively in every language
            everywhere = SiteIndex(
                {code: frozenset({path}) for code in self.languages.codes}, self.languages.default_code
            )
            return {"alternates": pageview.alternates(everywhere, self.languages, path, self.site_url)}
        return {"alternates": pageview.alternates(self.index, self.languages, path, self.site_url)}

    def _status_markdown(self) -> str:
        return status_page.status_markdown(self._project, self.language.code)


def _front_matter_as_text(page: Page) -> None:
    """Front matter is plain text wherever it appears: <title>, meta tags, headings, navigation, search."""
    for key in frontmatter.TEXT_FIELDS:
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = sanitise.as_text(value)
        elif isinstance(value, list):
            page.meta[key] = [sanitise.as_text(str(item)) for item in value]


def _titles_as_text(item: Any) -> None:
    """Section and link titles come from mkdocs.yml and the locale files: plain text, escaped once."""
    if isinstance(item, Section | Link) and isinstance(item.title, str):
        item.title = sanitise.as_text(item.title)
    for child in getattr(item, "children", None) or []:
        _titles_as_text(child)


def _inert(page_html: str, where: str) -> str:
    """The finished page, if it runs nothing but the theme's scripts; a build error otherwise."""
    found = active_content(page_html)
    if found:
        raise PluginError(
            f"site/{where} would contain active content: "
            + "; ".join(map(str, found[:5]))
            + " — a template or interface string produced markup; keep texts plain (they are escaped) and"
            " scripts in build_tools/theme"
        )
    return page_html
