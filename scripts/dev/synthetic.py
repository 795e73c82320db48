"""A synthetic corpus for the benchmark and the scaling tests ONLY: never published.

``python -m scripts.dev.synthetic N OUT.yml`` writes a data file with N campaigns shaped like the
seed campaigns: the seeds themselves first, then variants of them, each a copy of one seed
campaign (its sections, activities, figures, data, whatever fields it has) moved to another
region and year. Beside it, lessons.yml gives each campaign its seed's lesson guides.
Campaign number i is the same whatever N is, so a site built with N = 10 and one built with
N = 30 share their first ten campaign pages exactly.

Campaigns come in blocks of as many campaigns as there are seeds; a block shares a region and
a year, and its ``related`` / ``report_on`` references point inside the block (references to a
campaign beyond N are dropped).

A campaign moved to another region is run by that region's bodies, as a real one would be: the
seed's regional bodies (akimat, education department …) get a copy for the new region
(``<region>.<seed id>``, the region's name added to their name), national bodies stay as they
are. So a body's calendar grows with its own region's campaigns, not with N.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import yaml

from ..sources import yamlsource
from ..sources.lessons import lessons_path
from ..sources.model import TITLE_NAME_LIMITS
from ..sources.translations import lock_path
from ..pages.redirects import redirects_path

ROOT = Path(__file__).resolve().parents[2]

# The regions of Kazakhstan (17 regions and 3 cities of republican significance).
# Seed regions with the same place keep their seed id.
REGIONS = [
    ("abai", "Абай облысы", "Абайская область", "Abai region"),
    ("akmola", "Ақмола облысы", "Акмолинская область", "Akmola region"),
    ("aktobe", "Ақтөбе облысы", "Актюбинская область", "Aktobe region"),
    ("almaty-region", "Алматы облысы", "Алматинская область", "Almaty region"),
    ("atyrau", "Атырау облысы", "Атырауская область", "Atyrau region"),
    ("east-kazakhstan", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan region"),
    ("zhambyl", "Жамбыл облысы", "Жамбылская область", "Zhambyl region"),
    ("zhetysu", "Жетісу облысы", "Жетысуская область", "Zhetysu region"),
    ("west-kazakhstan", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan region"),
    ("karaganda", "Қарағанды облысы", "Карагандинская область", "Karaganda region"),
    ("kostanay", "Қостанай облысы", "Костанайская область", "Kostanay region"),
    ("kyzylorda", "Қызылорда облысы", "Кызылординская область", "Kyzylorda region"),
    ("mangystau", "Маңғыстау облысы", "Мангистауская область", "Mangystau region"),
    ("pavlodar", "Павлодар облысы", "Павлодарская область", "Pavlodar region"),
    ("north-kazakhstan", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan region"),
    ("turkistan", "Түркістан облысы", "Туркестанская область", "Turkistan region"),
    ("ulytau", "Ұлытау облысы", "Улытауская область", "Ulytau region"),
    ("astana", "Астана қаласы", "город Астана", "Astana"),
    ("almaty-city", "Алматы қаласы", "город Алматы", "Almaty"),
    ("shymkent", "Шымкент қаласы", "город Шымкент", "Shymkent"),
]
LAST_YEAR = 2025
YEARS = 10  # variants are spread over LAST_YEAR - 9 … LAST_YEAR

_DAY = re.compile(r"^(\d{4})(-\d{2}-\d{2})$")
_MONTH = re.compile(r"^(\d{4})(-\d{2})$")


def _shift_year(value: str, years: int) -> str:
    m = _DAY.match(value)
    if m:
        year = int(m.group(1)) + years
        rest = m.group(2)
        if rest == "-02-29" and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            rest = "-02-28"
        return f"{year}{rest}"
    m = _MONTH.match(value)
    if m:
        return f"{int(m.group(1)) + years}{m.group(2)}"
    return value


def _shift(node, years: int, parent_key: str = ""):
    """Move every date of a campaign by ``years`` (dates, months, and the years of 'when')."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if parent_key == "when" and key in ("from", "until") and isinstance(value, int):
                out[key] = value + years
            elif parent_key == "when" and key == "years" and isinstance(value, list):
                out[key] = [v + years if isinstance(v, int) else v for v in value]
            else:
                out[key] = _shift(value, years, key)
        return out
    if isinstance(node, list):
        return [_shift(item, years, parent_key) for item in node]
    if isinstance(node, str):
        return _shift_year(node, years)
    return node


def _suffix_nested_slugs(node, suffix: str):
    """Other slugs a campaign may carry (lessons, …) stay unique across variants."""
    if isinstance(node, dict):
        return {k: (f"{v}{suffix}" if k == "slug" and isinstance(v, str) else _suffix_nested_slugs(v, suffix))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_suffix_nested_slugs(item, suffix) for item in node]
    return node


def placement(block: int) -> tuple[int, int]:
    """(region index, year) of a block of variants: every region meets every year."""
    region = block % len(REGIONS)
    year = LAST_YEAR - (block * 3 + block // len(REGIONS)) % YEARS
    return region, year


NATIONAL = "kazakhstan"  # the region of national bodies (ombudsman, ministries, the 111 line)


def regional_agency(agency: dict, region_id: str, region_name: dict) -> dict:
    """A seed's regional body as the same body of another region."""
    return {
        **agency,
        "id": f"{region_id}.{agency['id']}",
        "name": {lang: f"{text} ({region_name[lang]})" for lang, text in agency["name"].items()},
        "region": region_id,
        "aliases": [],
    }


def _move_bodies(node, ids: dict[str, str]):
    """The campaign's references to bodies (``responsible``) pointed at the moved bodies."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "responsible" and isinstance(value, list):
                out[key] = [ids.get(r, r) if isinstance(r, str) else {**r, "agency": ids.get(r["agency"], r["agency"])}
                            for r in value]
            else:
                out[key] = _move_bodies(value, ids)
        return out
    if isinstance(node, list):
        return [_move_bodies(item, ids) for item in node]
    return node


def variant_slug(seed_slug: str, i: int) -> str:
    """The slug of campaign number ``i`` (a variant of the seed ``seed_slug``)."""
    return f"{seed_slug}-{i}"


def variant(seeds: list[dict], i: int, n: int, region_names: dict[str, dict],
            agencies: dict[str, dict] | None = None) -> dict:
    """Campaign number ``i`` (0-based) of a corpus of ``n``; i < len(seeds) is the seed itself."""
    k = len(seeds)
    seed = seeds[i % k]
    if i < k:
        return _drop_missing(copy.deepcopy(seed), i, n, seeds)
    block = i // k
    region_index, year = placement(block)
    region_id = REGIONS[region_index][0]
    start_year = int(seed["period"]["start"][:4])
    suffix = f"-{i}"
    camp = _suffix_nested_slugs(_shift(copy.deepcopy(seed), year - start_year), suffix)
    camp["slug"] = variant_slug(seed["slug"], i)
    camp["region"] = region_id
    if agencies is not None and region_id != seed["region"]:
        moved = {ident: f"{region_id}.{ident}" for ident, a in agencies.items() if a["region"] != NATIONAL}
        camp = _move_bodies(camp, moved)
    region = region_names[region_id]
    camp["name"] = {lang: f"{text} ({region[lang]}, {year})" for lang, text in seed["name"].items()}
    # the name in page titles: the seed's, with the year where it fits (model.TITLE_NAME_LIMITS)
    short = seed.get("short_name") or seed["name"]
    limit = TITLE_NAME_LIMITS["campaign"]
    camp["short_name"] = {lang: text if len(text) + 5 > limit else f"{text} {year}" for lang, text in short.items()}
    camp.pop("period_text", None)  # it would name the seed's years
    return _drop_missing(camp, i, n, seeds)


def _drop_missing(camp: dict, i: int, n: int, seeds: list[dict]) -> dict:
    """Point references at the variants of the same block; drop those beyond n."""
    k = len(seeds)
    index_of = {s["slug"]: j for j, s in enumerate(seeds)}
    block_start = (i // k) * k

    def target(seed_slug: str) -> str | None:
        j = block_start + index_of[seed_slug] if seed_slug in index_of else None
        if j is None or j >= n:
            return None
        return seed_slug if j < k else variant_slug(seed_slug, j)

    if camp.get("report_on"):
        new = target(camp["report_on"])
        if new is None:
            camp.pop("report_on")
        else:
            camp["report_on"] = new
    if camp.get("related"):
        camp["related"] = [t for t in (target(s) for s in camp["related"]) if t]
    return camp


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters (a synthetic name in page titles)."""
    return text if len(text) <= limit else text[:limit].rstrip(" ,(–-")


def corpus(n: int, source: Path = ROOT / "campaigns.yml") -> dict:
    data = yamlsource.load(source).data
    seeds = data["campaigns"]
    known = {r["id"] for r in data["regions"]}
    data["regions"] = data["regions"] + [
        {"id": rid, "name": {"kk": kk, "ru": ru, "en": en},
         "short_name": {lang: _cut(text, TITLE_NAME_LIMITS["region"]) for lang, text in (("kk", kk), ("ru", ru), ("en", en))}}
        for rid, kk, ru, en in REGIONS if rid not in known
    ]
    region_names = {r["id"]: r["name"] for r in data["regions"]}
    agencies = {a["id"]: a for a in data["agencies"]}
    data["campaigns"] = [variant(seeds, i, n, region_names, agencies) for i in range(n)]
    used = {ident for c in data["campaigns"] for ident in _body_ids(c)}
    for ident in sorted(used - set(agencies)):
        region_id, seed_id = ident.split(".", 1)
        data["agencies"].append(regional_agency(agencies[seed_id], region_id, region_names[region_id]))
    return data


def _body_ids(node) -> set[str]:
    if isinstance(node, dict):
        found = set()
        for key, value in node.items():
            if key == "responsible" and isinstance(value, list):
                found |= {r if isinstance(r, str) else r["agency"] for r in value}
            else:
                found |= _body_ids(value)
        return found
    if isinstance(node, list):
        return set().union(*(_body_ids(item) for item in node)) if node else set()
    return set()


def lessons(n: int, source: Path = ROOT / "campaigns.yml") -> dict:
    """The lesson file of the corpus of ``n``: each campaign gets the lessons of its seed (from
    the lessons.yml beside ``source``), a variant's with its own slug (``<seed lesson>-<i>``)."""
    seeds = yamlsource.load(source).data["campaigns"]
    path = lessons_path(source)
    seed_lessons = yamlsource.load(path).data["lessons"] if path.exists() else []
    k = len(seeds)
    out = []
    for i in range(n):
        slug = seeds[i % k]["slug"]
        for lesson in (item for item in seed_lessons if item["campaign"] == slug):
            lesson = copy.deepcopy(lesson)
            if i >= k:
                lesson["slug"] = f"{lesson['slug']}-{i}"
                lesson["campaign"] = variant_slug(slug, i)
            out.append(lesson)
    return {"lessons": out}


def _dump(data: dict) -> str:
    return ("# SYNTHETIC benchmark data made by scripts/dev/synthetic.py: never publish.\n"
            + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096))


def write(n: int, out: Path, source: Path = ROOT / "campaigns.yml") -> Path:
    """Write the corpus to ``out`` and its lessons beside it (lessons.yml, where a build looks
    for them): give each corpus a folder of its own."""
    out.write_text(_dump(corpus(n, source)), encoding="utf-8")
    lessons_path(out).write_text(_dump(lessons(n, source)), encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.dev.synthetic", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of campaigns (the seeds count among them)")
    parser.add_argument("out", type=Path, help="the data file to write")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    write(args.n, args.out)
    print(f"{args.out}: {args.n} synthetic campaigns")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# ---------------------------------------------------------------- one new campaign (tests)

def _text(kk: str, ru: str, en: str) -> dict:
    return {"kk": kk, "ru": ru, "en": en}


def new_campaign(source: Path = ROOT / "campaigns.yml") -> tuple[dict, dict, dict]:
    """The data of ``source`` plus one campaign as a new editor would add it, for the test that
    checks the whole site still passes (tests/test_new_campaign.py): everything in it is new to
    the data. Its slug is unused, its year comes after every year of the data, its region and one
    of its bodies are used for the first time, and an existing body (the first of 'agencies') gets
    an activity in that new year. It has a weekly activity, a list of dates, a monthly one, a
    motto, figures and a lesson. Test data: its texts say so, and it is never published.

    Returns (campaigns data, lessons data, facts: slug, year, region, body, old_body, lesson)."""
    data = yamlsource.load(source).data
    path = lessons_path(source)
    lesson_data = yamlsource.load(path).data if path.exists() else {"lessons": []}
    years = [int(value[:4]) for c in data["campaigns"] for value in (c["period"]["start"], c["period"]["end"])]
    years += [y for c in data["campaigns"] for s in c.get("sections", []) for a in s.get("activities", [])
              for y in (a.get("when") or {}).get("years", []) + [(a.get("when") or {}).get("until", 0)]]
    # and after every contact's check: the build is dated in that year, and a contact checked
    # after the build date is an error
    years += [int(contact["verified"][:4]) for contact in (data.get("contacts") or {}).values()
              if isinstance(contact, dict) and "verified" in contact]
    year = max(years) + 1
    slugs = {c["slug"] for c in data["campaigns"]}
    slug = next(f"test-new-campaign-{year}" + (f"-{k}" if k else "") for k in range(100)
                if f"test-new-campaign-{year}" + (f"-{k}" if k else "") not in slugs)
    known = {r["id"] for r in data["regions"]}
    rid, kk, ru, en = next(r for r in REGIONS if r[0] not in known)
    region = {"id": rid, "name": _text(kk, ru, en)}
    body_ids = {a["id"] for a in data["agencies"]}
    body = next(f"{rid}.test-body{k or ''}" for k in range(100) if f"{rid}.test-body{k or ''}" not in body_ids)
    old_body = data["agencies"][0]["id"]
    agency = {"id": body, "abbr": _text("СО", "ТО", "TB"),
              "name": _text(f"Сынақ органы ({kk})", f"Тестовый орган ({ru})", f"Test body ({en})"),
              "region": rid}
    campaign = {
        "slug": slug, "kind": "information-campaign",
        "name": _text("Сынақ науқаны", "Тестовая кампания", "Test campaign"),
        "region": rid,
        "period": {"start": f"{year}-11-02", "end": f"{year}-12-15"},
        "summary": _text("Тесттерге арналған жаңа науқан: ешқашан жарияланбайды.",
                         "Новая кампания для тестов: никогда не публикуется.",
                         "A new campaign for the tests: never published."),
        "motto": _text("Сынақ ұраны", "Тестовый девиз", "A test motto"),
        "goals": [_text("Сайттың барлық тексерулерінен өту.", "Пройти все проверки сайта.", "Pass every check of the site.")],
        "sections": [{
            "title": _text("Негізгі кезең", "Основной этап", "Main stage"),
            "activities": [
                {"n": 1, "text": _text("Апта сайынғы сабақ", "Еженедельное занятие", "A weekly class"),
                 "when": {"repeat": "weekly", "weekdays": ["monday", "thursday"],
                          "start": f"{year}-11-02", "end": f"{year}-12-10"},
                 "responsible": [body, {"agency": old_body, "by_agreement": True}]},
                {"n": 2, "text": _text("Үш кездесу", "Три встречи", "Three meetings"),
                 "when": {"dates": [f"{year}-11-05", f"{year}-11-25", f"{year}-12-09"]},
                 "responsible": [old_body]},
                {"n": 3, "text": _text("Ай сайынғы есеп", "Ежемесячный отчёт", "A monthly report"),
                 "when": {"repeat": "monthly", "day": 15, "start": f"{year}-11-01", "end": f"{year}-12-31"},
                 "responsible": [body]},
            ],
        }],
        "figures": [{"value": 12, "label": _text("сынақ сабағы", "тестовых занятий", "test classes")}],
    }
    lesson = {
        "slug": f"{slug}-lesson", "campaign": slug, "activities": [1],
        "title": _text("Сынақ сабағы", "Тестовый урок", "Test lesson"),
        "summary": _text("Тесттерге арналған сабақ.", "Урок для тестов.", "A lesson for the tests."),
        "grades": {"from": 5, "to": 9}, "duration": 45,
        "objectives": [_text("Көмек сұрай алады.", "Умеют просить о помощи.", "Can ask for help.")],
        "safeguarding": {
            "disclosure": [_text("Сабырмен тыңдаңыз.", "Выслушайте спокойно.", "Listen calmly.")],
            "distance": [_text("Жеке оқиғаларды сұрамаңыз.", "Не спрашивайте о личном.", "Do not ask about their own lives.")],
            "ending": [_text("Жылы сөзбен аяқтаңыз.", "Закончите словами поддержки.", "End with warm words.")],
        },
        "steps": [{"title": _text("Әңгіме", "Беседа", "Talk"), "minutes": 45,
                   "teacher": _text("Әңгімелейді.", "Ведёт беседу.", "Leads a talk."),
                   "pupils": _text("Тыңдайды.", "Слушают.", "Listen.")}],
        "adaptations": {"younger": _text("Қысқартыңыз.", "Сократите.", "Make it shorter."),
                        "older": _text("Пікірсайыс қосыңыз.", "Добавьте дебаты.", "Add a debate.")},
        "reflection": [_text("Шығу билеті.", "Билет на выход.", "An exit ticket.")],
        "signposting": ["hotline"],
    }
    data["regions"] = data["regions"] + [region]
    data["agencies"] = data["agencies"] + [agency]
    data["campaigns"] = data["campaigns"] + [campaign]
    lesson_data = {**lesson_data, "lessons": lesson_data.get("lessons", []) + [lesson]}
    facts = {"slug": slug, "year": year, "region": rid, "body": body, "old_body": old_body, "lesson": lesson["slug"]}
    return data, lesson_data, facts


def write_new_campaign(folder: Path, source: Path = ROOT / "campaigns.yml") -> dict:
    """Write the data with the new campaign into ``folder`` (campaigns.yml, lessons.yml and, as
    they are, the redirects and the translation record beside ``source``); returns its facts."""
    import shutil

    data, lesson_data, facts = new_campaign(source)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "campaigns.yml"
    out.write_text(_dump(data), encoding="utf-8")
    lessons_path(out).write_text(_dump(lesson_data), encoding="utf-8")
    for src in (redirects_path(source), lock_path(source)):
        if src.exists():
            shutil.copy(src, folder / src.name)
    return {**facts, "data": out}
