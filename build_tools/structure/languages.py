"""Languages of the site and the URL arithmetic between them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """One published language: its code and its own name for itself."""

    code: str
    name: str

    @property
    def theme_language(self) -> str:
        """The code Material's own translations use for this language."""
        return self.code


@dataclass(frozen=True)
class LanguageSet:
    """All languages, the default one first."""

    languages: tuple[Language, ...]
    default_code: str
    _by_code: dict[str, Language] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {language.code: language for language in self.languages}
        if len(by_code) != len(self.languages):
            raise ValueError("language codes must be unique")
        if self.default_code not in by_code:
            raise ValueError(f"default language {self.default_code!r} is not among {sorted(by_code)}")
        object.__setattr__(self, "_by_code", by_code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def default(self) -> Language:
        return self._by_code[self.default_code]

    @property
    def translations(self) -> tuple[Language, ...]:
        """Every language except the default one."""
        return tuple(language for language in self.languages if language.code != self.default_code)

    def get(self, code: str) -> Language:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown language {code!r}; known: {', '.join(self.codes)}") from None


def page_url(site_url: str, language_code: str, page_path: str) -> str:
    """Absolute URL of a page (``page_path`` relative to the language root, '' for its home)."""
    base = with_trailing_slash(site_url)
    return f"{base}{language_code}/{page_path}"


def with_trailing_slash(url: str) -> str:
    """Site and language roots are folders: their URLs end with one slash."""
    return url if url.endswith("/") else url + "/"
