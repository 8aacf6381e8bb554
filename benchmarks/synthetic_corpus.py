"""A synthetic knowledge base: ``count`` generated articles per language, written into a copy of the project.

The text is deterministic (seeded by language and article number), about as long as the real articles
(~12 KB of Markdown, eight `##` sections with ids, some `###`, lists and a table) and written in each
language's script: English, French and Polish words with their diacritics, Chinese characters for zh. It is
not prose; it exercises the build, the navigation and the search index the way a real corpus of that size
would. Articles carry the front matter a real one does (order, a section, tags, a real source id), and every
translation is stamped against its English text, so the languages build as translated pages, not fallbacks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from build_tools import files as fs
from build_tools.structure.translations import revision

SLUG = "synthetic-{number:04}"
SECTIONS = 10  # navigation groups ("Synthetic group 01" …), each with its title in every language
PARAGRAPHS_PER_SECTION = 3
WORDS_PER_SENTENCE = (8, 18)
SENTENCES_PER_PARAGRAPH = (3, 6)

# Words of each language (business vocabulary), with the script's own letters; zh words are 1-3 characters.
_WORDS_TEXT: Mapping[str, str] = {
    "en": (
        "sales manager team target pipeline customer account territory forecast coaching review quota deal"
        " revenue margin discount meeting report plan strategy budget hiring promotion leadership process"
        " ratio conversion lead prospect proposal contract renewal region channel partner incentive bonus"
        " feedback goal quarter result effort skill habit career growth market price product service"
        " director owner colleague weekly monthly clear simple practical useful difficult steady careful"
        " measure improve explain decide delegate support listen agree prepare follow compare choose"
    ),
    "fr": (
        "vente responsable équipe objectif client compte secteur prévision accompagnement revue quota affaire"
        " chiffre marge remise réunion rapport plan stratégie budget recrutement promotion direction processus"
        " ratio conversion piste prospect proposition contrat renouvellement région canal partenaire prime"
        " retour but trimestre résultat effort compétence habitude carrière croissance marché prix produit"
        " service dirigeant propriétaire collègue hebdomadaire mensuel clair simple pratique utile difficile"
        " mesurer améliorer expliquer décider déléguer soutenir écouter préparer suivre comparer choisir"
        " à été où déjà très ça"
    ),
    "pl": (
        "sprzedaż kierownik zespół cel klient konto obszar prognoza coaching przegląd plan transakcja"
        " przychód marża rabat spotkanie raport strategia budżet rekrutacja awans przywództwo proces"
        " wskaźnik konwersja kontakt propozycja umowa odnowienie region kanał partner premia nagroda"
        " informacja kwartał wynik wysiłek umiejętność nawyk kariera wzrost rynek cena produkt usługa"
        " dyrektor właściciel współpracownik tygodniowy miesięczny jasny prosty praktyczny użyteczny trudny"
        " mierzyć poprawić wyjaśnić zdecydować delegować wspierać słuchać przygotować porównać wybrać"
        " źródło łańcuch żądanie ściśle się już"
    ),
    "zh": (
        "销售 经理 团队 目标 客户 账户 区域 预测 辅导 复盘 配额 订单 收入 毛利 折扣 会议 报告 计划 战略 预算"
        " 招聘 提拔 领导 流程 比率 转化 线索 潜在 方案 合同 续约 渠道 伙伴 激励 奖金 反馈 季度 结果 努力 技能"
        " 习惯 职业 成长 市场 价格 产品 服务 总监 老板 同事 每周 每月 清楚 简单 实用 困难 稳定 衡量 改进 解释"
        " 决定 授权 支持 倾听 准备 比较 选择 的 了 在 和 是 要 把 让 对 从"
    ),
}
WORDS: Mapping[str, tuple[str, ...]] = {code: tuple(text.split()) for code, text in _WORDS_TEXT.items()}
# How a sentence ends and words join, per script.
JOINER = {"zh": ""}
STOP = {"zh": "\u3002"}  # the ideographic full stop
COMMA = {"zh": "\uff0c"}  # the full-width comma
SECTION_TITLES: Mapping[str, str] = {
    "en": "Synthetic group {number:02}",
    "fr": "Groupe synthétique {number:02}",
    "pl": "Grupa syntetyczna {number:02}",
    "zh": "合成分组 {number:02}",
}


def _sentence(rng: random.Random, language: str) -> str:
    words = WORDS.get(language, WORDS["en"])
    chosen = [rng.choice(words) for _ in range(rng.randint(*WORDS_PER_SENTENCE))]
    joiner = JOINER.get(language, " ")
    middle = len(chosen) // 2
    text = joiner.join(chosen[:middle]) + COMMA.get(language, ", ") + joiner.join(chosen[middle:])
    return text[0].upper() + text[1:] + STOP.get(language, ".")


def _paragraph(rng: random.Random, language: str) -> str:
    joiner = JOINER.get(language, " ")
    return joiner.join(_sentence(rng, language) for _ in range(rng.randint(*SENTENCES_PER_PARAGRAPH)))


def _phrase(rng: random.Random, language: str, words: int) -> str:
    pool = WORDS.get(language, WORDS["en"])
    text = JOINER.get(language, " ").join(rng.choice(pool) for _ in range(words))
    return text[0].upper() + text[1:]


def section_name(number: int) -> str:
    """The English `section:` value of article ``number`` (1-based)."""
    return SECTION_TITLES["en"].format(number=(number - 1) % SECTIONS + 1)


def article_text(language: str, number: int, source: str, *, translated_from: str | None) -> str:
    """One article in ``language``; heading ids are the same in every language (as the project requires)."""
    rng = random.Random(f"{language}-{number}")
    title = f"{_phrase(rng, language, 4)} {number}"
    description = _phrase(rng, language, 10)[:150]
    tags = [_phrase(rng, language, 1), _phrase(rng, language, 2)]
    lines = ["---", f'title: "{title}"', f'description: "{description}"', "updated: 2026-11-25"]
    lines += [f'tags: ["{tags[0]}", "{tags[1]}"]', f"sources: [{source}]"]
    if translated_from is None:
        lines += [f"order: {number}", f'section: "{section_name(number)}"']
    else:
        lines.append(f'translated_from: "{translated_from}"')
    lines += ["---", "", _paragraph(rng, language), ""]
    for section in range(1, 9):
        lines += [f"## {_phrase(rng, language, 3)} {{#part-{section}}}", ""]
        for paragraph in range(PARAGRAPHS_PER_SECTION):
            lines += [_paragraph(rng, language), ""]
            if paragraph == 1 and section % 3 == 0:
                lines += [f"### {_phrase(rng, language, 2)}", ""]
        if section == 4:
            lines += [f"- {_sentence(rng, language)}" for _ in range(5)] + [""]
        if section == 6:
            lines += ["| A | B | C |", "|---|---|---|"]
            lines += [
                f"| {_phrase(rng, language, 1)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} % |" for _ in range(4)
            ]
            lines.append("")
    if number > 1:
        previous = SLUG.format(number=number - 1)
        lines += [f"[{_phrase(rng, language, 3)}]({previous}.md#part-2)", ""]
    return "\n".join(lines)


def _section_titles(locale_text: str, language: str) -> str:
    """The locale file with a title for every synthetic section under `nav:` (inserted as text: the file's
    comments stay)."""
    own = SECTION_TITLES.get(language, SECTION_TITLES["en"])
    titles = "".join(
        f'  "{SECTION_TITLES["en"].format(number=n)}": "{own.format(number=n)}"\n' for n in range(1, SECTIONS + 1)
    )
    return re.sub(r"^nav:\n", lambda match: match.group(0) + titles, locale_text, count=1, flags=re.MULTILINE)


def write_corpus(root: Path, count: int, languages: Iterable[str], default: str = "en") -> int:
    """Write ``count`` articles in every language into the project at ``root`` (a copy: this edits its
    docs/ and locale files). Returns the number of Markdown files written."""
    source = re.findall(r"\{#([a-z0-9-]+)\}", fs.read_text(root / "docs" / default / "sources.md"))[0]
    codes = list(languages)
    for code in codes:
        locale = root / "build_tools" / "locales" / f"{code}.yml"
        fs.write_text(locale, _section_titles(fs.read_text(locale), code))
    written = 0
    for number in range(1, count + 1):
        slug = SLUG.format(number=number)
        english = article_text(default, number, source, translated_from=None)
        fs.write_text(root / "docs" / default / "articles" / f"{slug}.md", english)
        written += 1
        for code in codes:
            if code == default:
                continue
            text = article_text(code, number, source, translated_from=revision(english))
            fs.write_text(root / "docs" / code / "articles" / f"{slug}.md", text)
            written += 1
    return written
