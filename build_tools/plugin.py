"""The ``breakthrough`` MkDocs plugin: a thin adapter between MkDocs events and ``build_tools.structure``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import files as fs
from . import template_cache
from .config import BreakthroughConfig, language_set
from .project import load_project
from .structure import assessment_form, frontmatter, navigation, pageview, sanitise, status_page
from .structure.checks import page_problems
from .structure.html import label_task_items
from .structure.locales import fill
from .structure.model import STATUS_PAGE, Project
from .structure.output_guard import CONTENT_SECURITY_POLICY, active_content
from .structure.problems import Problem
from .structure.rubric_model import RUBRICS_DIR, CheckedRubric
from .structure.siteconfig import translate_nav
from .structure.translations import Entry, SiteIndex, State, page_date, site_index, translation_status

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
        # An untouched `kb new translation` copy is not a translation yet: it falls back like a missing page.
        self.index = site_index(self.pages, self.languages.default_code)
        self.outdated = self._outdated_entries()
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
        # Read once, pruned for every page: reading the section on each page made the build quadratic.
        self.articles_layouts = {id(item): _articles_layout(item) for item in nav.items if _holds_articles_index(item)}
        return nav

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        default_dir = self.root / "docs" / self.languages.default_code
        missing = set(self.index.missing_in(self.language.code))
        missing |= set(fs.list_assets(self.root, self.languages.default_code)) - set(
            fs.list_assets(self.root, self.language.code)
        )
        for path in sorted(missing):
            found = files.get_file_from_path(path)
            if found is not None and path in self.pages[self.language.code]:  # the untouched copy stays out
                files.remove(found)
                found = None
            if found is None:
                files.append(File(path, str(default_dir), config.site_dir, config.use_directory_urls))
                self.fallback_paths.add(path)
        files.append(File.generated(config, STATUS_PAGE, content=self._status_markdown()))
        # The articles join the nav from their front matter (MkDocs reads `config.nav` right after this hook).
        site_nav = navigation.site_nav(
            self._project.sources.base.get("nav", []), self.pages[self.languages.default_code]
        )
        config.nav = translate_nav(site_nav, self.strings["nav"])
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
        # The guarantee: whatever the check below misses, only allowlisted markup reaches the page.
        clean = sanitise.sanitise(html)
        # The same rules as `kb check`, on the HTML MkDocs rendered (so nothing is rendered, or sanitised, twice).
        problems = [
            problem
            for problem in page_problems(self._project, language, path, page.file.content_string, html, sanitised=clean)
            if problem.severity == "error"
        ]
        if problems:
            raise SourceProblems("invalid page:", problems)
        html = clean
        if path == navigation.ARTICLES_INDEX:
            html += self._articles_index(page, files)
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
        context["nav"] = _pruned_nav(nav, page.file.src_uri, self.articles_layouts)
        return context

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["bt_sitemap_entry"] = self._sitemap_entry
        # The next language's build, and the next build process, compile nothing again.
        env.bytecode_cache = template_cache.process_cache(self.root)
        return env

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "404.html":  # served at any depth: the switcher links to each language's home
            context["bt"] = self._view(None, None)  # type: ignore[typeddict-unknown-key]
            context["nav"] = _pruned_nav(context["nav"], None, self.articles_layouts)
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
            "fallback_text": fill(
                strings["fallback"]["text"], fallback=strings["language_names"][self.languages.default_code]
            ),
            "switch_links": pageview.switch_links(
                self.languages, self.language.code, url or "", absolute_root=root_path if url is None else None
            ),
            "switch_links_fixed": url is None,
            "home_url": f"{root_path}{self.language.code}/",
            "outdated": self._outdated_banner(path, url, strings),
        }

    def _outdated_entries(self) -> dict[str, Entry]:
        """This language's translations that the default-language text has moved on from."""
        default = self.languages.default_code
        if self.language.code == default:
            return {}
        entries = translation_status(
            self.pages[default], {self.language.code: self.pages[self.language.code]}, self._project.sources.originals
        )
        return {entry.path: entry for entry in entries if entry.state is State.OUTDATED}

    def _outdated_banner(self, path: str | None, url: str | None, strings: dict[str, Any]) -> dict[str, str] | None:
        """The notice on a translation that may be behind: when the original changed, and a link to it."""
        if path is None or url is None or path not in self.outdated or path in self.fallback_paths:
            return None
        default = self.languages.default_code
        original = strings["language_names"][default]
        changed = page_date(self.pages[default][path])
        links = pageview.switch_links(self.languages, self.language.code, url, absolute_root=None)
        return {
            "title": strings["outdated"]["title"],
            "text": fill(strings["outdated"]["text"], original=original, date=changed.isoformat() if changed else "?"),
            "link": fill(strings["outdated"]["link"], original=original),
            "href": next(link.href for link in links if link.code == default),
            "hreflang": default,
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

    def _articles_index(self, page: Page, files: Files) -> str:
        """Every article, in nav order and grouped by section, in the page's language where it exists."""
        titles = self.strings["nav"]
        groups: dict[str | None, list[navigation.IndexEntry]] = {}
        for article in navigation.articles(self.pages[self.languages.default_code]):
            target = files.get_file_from_path(article.path)
            if target is None:
                continue
            language = self._project.page_language(self.language.code, article.path)
            meta = frontmatter.front_matters({article.path: self.pages[language][article.path]})[article.path]
            entry = navigation.IndexEntry(
                get_relative_url(target.url, page.url), str(meta.get("title", "")), str(meta.get("description", ""))
            )
            groups.setdefault(article.section, []).append(entry)
        titled = [section for section in groups if section is not None]
        for section in titled:
            page.toc.items.append(
                AnchorLink(sanitise.as_text(titles.get(section, section)), navigation.section_id(section), 2)
            )
        return navigation.index_html(
            [
                (None if section is None else str(titles.get(section, section)), entries)
                for section, entries in groups.items()
            ],
            heading_ids=[navigation.section_id(section) for section in titled],
        )

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


def _pruned_nav(nav: Navigation, current: str | None, layouts: Mapping[int, _ArticlesLayout]) -> Navigation:
    """This page's copy of the navigation (``current`` is its path, None for the 404 page): a large Articles
    section shows the current article's neighbours only (the articles index lists them all), so a page's
    weight does not grow with the number of articles."""
    items = [_pruned_section(item, current, layouts[id(item)]) if id(item) in layouts else item for item in nav.items]
    if all(new is old for new, old in zip(items, nav.items, strict=True)):
        return nav
    pruned = Navigation(items, nav.pages)
    pruned.homepage = nav.homepage
    return pruned


def _holds_articles_index(item: Any) -> bool:
    return isinstance(item, Section) and any(
        isinstance(child, Page) and child.file.src_uri == navigation.ARTICLES_INDEX for child in item.children
    )


@dataclass(frozen=True)
class _ArticlesLayout:
    """The section holding the articles index, as ``navigation.pruned`` reads it, with the nav object each
    node stands for."""

    nodes: list[navigation.Node]
    by_key: dict[str, Any]


def _articles_layout(section: Section) -> _ArticlesLayout:
    by_key: dict[str, Any] = {}
    nodes: list[navigation.Node] = []
    for child in section.children:
        if isinstance(child, Page):
            by_key[child.file.src_uri] = child
            nodes.append(child.file.src_uri)
        elif isinstance(child, Section):
            paths = tuple(grandchild.file.src_uri for grandchild in child.children if isinstance(grandchild, Page))
            by_key[f"section:{child.title}"] = child
            nodes.append((f"section:{child.title}", paths))
    return _ArticlesLayout(nodes, by_key)


def _pruned_section(section: Section, current: str | None, layout: _ArticlesLayout) -> Section:
    kept = navigation.pruned(layout.nodes, current)
    if kept == layout.nodes:
        return section
    children: list[Any] = []
    for node in kept:
        if isinstance(node, str):
            children.append(layout.by_key[node])
        else:
            original = layout.by_key[node[0]]
            group = Section(
                original.title,
                [child for child in original.children if isinstance(child, Page) and child.file.src_uri in node[1]],
            )
            group.active = original.active
            children.append(group)
    copy = Section(section.title, children)
    copy.active = section.active
    return copy


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
