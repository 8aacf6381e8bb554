"""`kb new language`: every file a new language needs, as text edits that keep each file's comments and layout.

Pure: the command line reads the files, passes their texts in and writes back what comes out. What it
edits is everything that lists languages one by one: the ``plugins.breakthrough.languages`` block of
mkdocs.yml, the interface strings (a new file derived from the default language's, and the name of the new
language in every file's ``language_names``), CODEOWNERS and the translation issue template. Pages need
nothing: a language without pages shows every page in the default language with the fallback notice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import yaml

from . import untranslated

# Lower-case BCP 47-ish: a 2-3 letter language, then optional subtags (region, script, variant). The code is
# a folder name and a URL segment (docs/<code>/, site/<code>/), hence lower case.
CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
NAME_MAX = 40


class ScaffoldError(ValueError):
    """The language cannot be added as asked; the message says why and what to do."""


@dataclass(frozen=True)
class NewLanguage:
    code: str
    name: str
    # Material's translation of its own few strings (e.g. "skip to content") the pages use: the code
    # itself, a close one (`pt-BR` for `pt-br`, `de` for `de-ch`), or None (none: Material's English ones).
    material_language: str | None

    def entry(self) -> str:
        """The language's line in mkdocs.yml (a flow mapping, like the others)."""
        return f"{{code: {self.code}, name: {_flow_scalar(self.name)}}}"


def _flow_scalar(value: str) -> str:
    """``value`` as written inside a flow collection: plain when that reads back the same, else quoted."""
    try:
        if yaml.safe_load(f"[{value}]") == [value]:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _block_scalar(value: str) -> str:
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def plan_language(
    code: str,
    name: str,
    existing: Collection[str],
    *,
    theme_languages: Collection[str],  # the languages Material translates (its partials/languages/*.html)
) -> tuple[NewLanguage, list[str]]:
    """The new language and notes for the editor (how Material's own strings will treat it).

    Search needs nothing per language: Pagefind indexes each language's pages under its code."""
    if not CODE.match(code):
        raise ScaffoldError(
            f"`{code}` is not a language code: use lower-case BCP 47, e.g. `de`, `es`, `pt-br` or `zh-hant`"
        )
    if code in existing:
        raise ScaffoldError(f"`{code}` is already a language of the site ({', '.join(existing)})")
    name = name.strip()
    if not name or len(name) > NAME_MAX or any(ch in name for ch in "\n\r\t<>&"):
        raise ScaffoldError(f"--name must be the language's own name in plain text, 1-{NAME_MAX} characters")
    notes: list[str] = []
    primary = code.split("-")[0]
    by_lower = {theme.lower(): theme for theme in theme_languages}
    material = by_lower.get(code) or by_lower.get(primary)
    if material is None:
        notes.append(
            f'Material has no `{code}` translation of its own few strings (e.g. "skip to content"):'
            f" they stay in English; {MATERIAL_PARTIALS}/{code}.html gives the pages their language"
        )
    elif material != code:
        notes.append(
            f"Material's own few strings come from its `{material}` translation ({MATERIAL_PARTIALS}/{code}.html)"
        )
    return NewLanguage(code, name, material), notes


# Where Material looks for the strings of `theme.language` (the language's code); the theme's custom_dir
# (build_tools/theme) comes first, so a file here serves a code Material does not have under that name.
MATERIAL_PARTIALS = "build_tools/theme/partials/languages"


def material_partial(language: NewLanguage) -> str | None:
    """For a code Material has no translation file for: the partial that gives the pages their language
    (`<html lang>`) and takes every other string from Material's closest translation (or, through Material's
    own fallback, its English). None when Material has the code itself."""
    if language.material_language == language.code:
        return None
    header = (
        f"{{#- {language.name} ({language.code}), written by `kb new language {language.code}`: Material has no"
        " translation under this code,\n    so this file gives the pages their language"
    )
    own = f'{{"language": "{language.code}"}}[key]'
    if language.material_language is None:
        macro = f"{{% macro t(key) %}}{{{{ {own} }}}}{{% endmacro %}}\n"
        return f"{header} (its other strings are Material's English ones). -#}}\n{macro}"
    return (
        f"{header} and takes the rest from Material's `{language.material_language}`. -#}}\n"
        f'{{% import "partials/languages/{language.material_language}.html" as material %}}\n'
        f"{{% macro t(key) %}}{{{{ {own} or material.t(key) }}}}{{% endmacro %}}\n"
    )


# --- mkdocs.yml -------------------------------------------------------------------------------------------


def add_to_mkdocs(text: str, language: NewLanguage) -> str:
    """mkdocs.yml with the language appended to ``plugins.breakthrough.languages`` (comments kept)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    entries = _languages_node(root)
    if not entries.value:
        raise ScaffoldError("mkdocs.yml: `plugins: breakthrough: languages:` is empty; add the first language by hand")
    last = entries.value[-1]
    lines = text.splitlines(keepends=True)
    first_line = lines[entries.value[0].start_mark.line]
    indent = first_line[: entries.value[0].start_mark.column]  # up to the entry, "- " included
    end_line = last.end_mark.line if last.end_mark.column > 0 else last.end_mark.line - 1
    lines.insert(end_line + 1, f"{indent}{language.entry()}\n")
    return "".join(lines)


def _languages_node(root: yaml.Node | None) -> yaml.SequenceNode:
    def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    found: yaml.Node = v
                    return found
        return None

    found = child(child(child(root, "plugins"), "breakthrough"), "languages")
    if not isinstance(found, yaml.SequenceNode) or found.flow_style:
        raise ScaffoldError("mkdocs.yml: expected `plugins: breakthrough: languages:` as a list, one language a line")
    return found


# --- interface strings ------------------------------------------------------------------------------------


def derive_locale(default_text: str, default_code: str, language: NewLanguage) -> str:
    """The new language's interface strings: the default language's, every value marked untranslated."""
    lines = default_text.splitlines()
    body_start = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), len(lines))
    header = [
        f"# User-interface strings ({language.name}), scaffolded by `kb new language {language.code}` from"
        f" {default_code}.yml.",
        f"# A value marked `{untranslated.MARK_COMMENT}` is still the {default_code} text, which {language.code}"
        " readers see until it is",
        "# translated: write it in this language, then delete the mark. `kb check` counts the marks left.",
    ]
    return untranslated.mark_all("\n".join(header + lines[body_start:]) + "\n")


def add_language_name(text: str, language: NewLanguage, codes: Sequence[str]) -> str:
    """An interface-strings file with the new language in ``language_names`` (its name in this file's
    language is not known yet: the native name, marked untranslated).

    Only when ``language_names`` names every current language: if the project stops listing them all, the
    new language is not added either."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    names = None
    key_node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "language_names":
                key_node, names = key, value
    if not isinstance(names, yaml.MappingNode) or key_node is None:
        return text
    listed = [key.value for key, _ in names.value]
    if language.code in listed or not set(codes) <= set(listed):
        return text
    lines = text.splitlines(keepends=True)
    new_entry = f"{language.code}: {_block_scalar(language.name)}  {untranslated.MARK_COMMENT}\n"
    if names.flow_style:
        # One line `language_names: {en: …, …}` becomes a block, one name a line, so the mark fits one name.
        if names.start_mark.line != names.end_mark.line:
            raise ScaffoldError("`language_names:` spans several lines as a flow mapping; write it one name a line")
        indent = " " * (key_node.start_mark.column + 2)
        line = lines[names.start_mark.line]
        rest = line[names.end_mark.column :].strip()
        block = [f"{line[: names.start_mark.column].rstrip()}{' ' + rest if rest else ''}\n"]
        block += [f"{indent}{text[k.start_mark.index : v.end_mark.index]}\n" for k, v in names.value]
        block.append(indent + new_entry)
        lines[names.start_mark.line : names.start_mark.line + 1] = block
        return "".join(lines)
    first_key = names.value[0][0]
    last_value = names.value[-1][1]
    end_line = last_value.end_mark.line if last_value.end_mark.column > 0 else last_value.end_mark.line - 1
    lines.insert(end_line + 1, " " * first_key.start_mark.column + new_entry)
    return "".join(lines)


# --- CODEOWNERS and the translation issue template --------------------------------------------------------


def _owner_template(line: str, code: str) -> str | None:
    """A CODEOWNERS line of language ``code`` as a pattern with ``{code}``, or None if it is not one."""
    fields = line.split()
    if len(fields) < 2 or line.lstrip().startswith("#"):
        return None
    path, owners = fields[0], fields[1:]
    language_path = re.sub(rf"(?<=/){re.escape(code)}(?=/|\.ya?ml$)", "{code}", path)
    language_owners = [re.sub(rf"-{re.escape(code)}$", "-{code}", owner) for owner in owners]
    if language_path == path or language_owners == owners:
        return None
    return " ".join([language_path, *language_owners])


def codeowner_templates(text: str, default_code: str) -> list[str]:
    """The per-language rules of CODEOWNERS, as templates taken from the default language's lines."""
    return [t for line in text.splitlines() if (t := _owner_template(line, default_code)) is not None]


def add_codeowners(text: str, codes: Sequence[str], default_code: str, new_code: str) -> str:
    """CODEOWNERS with the new language's line after the last line of each per-language group."""
    lines = text.splitlines(keepends=True)
    for template in codeowner_templates(text, default_code):
        group = [i for i, line in enumerate(lines) if any(_owner_template(line, c) == template for c in codes)]
        model = lines[group[0]]
        path = template.split()[0].format(code=new_code)
        owners = " ".join(owner.format(code=new_code) for owner in template.split()[1:])
        column = model.index(model.split()[1], len(model.split()[0]))  # where the model's owners start
        lines.insert(group[-1] + 1, f"{path.ljust(column - 1)} {owners}\n")
    return "".join(lines)


LANGUAGE_FIELD = "language"


def add_issue_language(text: str, name: str) -> str:
    """The translation issue form with the language's own name appended to its `language` dropdown."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    options = _dropdown_options(root)
    if options is None:
        return text
    lines = text.splitlines(keepends=True)
    last = options.value[-1]
    if options.flow_style:
        line = lines[last.end_mark.line]
        lines[last.end_mark.line] = (
            f"{line[: last.end_mark.column]}, {_flow_scalar(name)}{line[last.end_mark.column :]}"
        )
    else:
        indent = lines[last.start_mark.line][: last.start_mark.column]
        lines.insert(last.end_mark.line + 1, f"{indent}{_block_scalar(name)}\n")
    return "".join(lines)


def _dropdown_options(root: yaml.Node | None) -> yaml.SequenceNode | None:
    """The ``options`` of the form field whose id is ``language``."""
    if not isinstance(root, yaml.MappingNode):
        return None
    body = next((v for k, v in root.value if k.value == "body"), None)
    for field in body.value if isinstance(body, yaml.SequenceNode) else []:
        if not isinstance(field, yaml.MappingNode):
            continue
        entries = {k.value: v for k, v in field.value}
        if getattr(entries.get("id"), "value", None) != LANGUAGE_FIELD:
            continue
        attributes = entries.get("attributes")
        if isinstance(attributes, yaml.MappingNode):
            options = next((v for k, v in attributes.value if k.value == "options"), None)
            if isinstance(options, yaml.SequenceNode) and options.value:
                return options
    return None


def issue_languages(data: object) -> list[str] | None:
    """The names listed in a parsed issue form's `language` dropdown (None when it has none)."""
    if not isinstance(data, dict):
        return None
    for field in data.get("body") or []:
        if isinstance(field, dict) and field.get("id") == LANGUAGE_FIELD:
            options = (field.get("attributes") or {}).get("options")
            return [str(option) for option in options] if isinstance(options, list) else None
    return None
