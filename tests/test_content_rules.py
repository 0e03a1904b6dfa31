"""Rules that keep the corrections of the first clinical review from coming back.

Each rule reads the shipped lessons (and, where it applies, the figures, the region data
and the reference list) and first proves it would catch the wrong sentence it guards
against.
"""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree

from needlewise.course import Reference

from .builders import ROOT, lesson_texts, sentences, shipped_content

CONTENT = shipped_content()

SVG = "{http://www.w3.org/2000/svg}"


def figure_texts() -> dict[str, str]:
    found = {}
    for name, path in CONTENT.figures.items():
        root = ElementTree.fromstring(path.read_bytes())
        # Each text element is its own line of the figure, so keep them apart.
        found[name] = "\n\n".join("".join(n.itertext()) for n in root.iter(f"{SVG}text"))
    return found


def offending(rule, text: str) -> list[str]:
    return [s for s in sentences(text) if rule(s)]


def randomised_uncontrolled(s: str) -> bool:
    """Dogra 2014 or Majid 2009 called randomised, or a trial, without saying uncontrolled."""
    names = re.search(r"dogra|majid", s, re.I)
    claim = re.search(r"randomi[sz]ed|\btrials?\b", s, re.I)
    qualified = re.search(r"uncontrolled|single.arm|without a control|no control", s, re.I)
    return bool(names and claim and not qualified)


def sterile_sheath(s: str) -> bool:
    return bool(
        re.search(r"biosheath|sheath", s, re.I)
        and re.search(r"\bsterile\b", s, re.I)
        and not re.search(r"non-sterile|not sterile|NOT sterile", s)
    )


def scotland_in_force(s: str) -> bool:
    """Scotland's 2026 Act written as already restricting anything."""
    if not re.search(r"scotland|scottish|scotland-act-2026", s, re.I):
        return False
    present = re.search(
        r"\brestricts\b|\bis (limited|restricted)\b|\bare (limited|restricted)\b", s, re.I
    )
    return bool(present and not re.search(r"\bwill\b|once .{0,40}in force", s, re.I))


def often_water(s: str) -> bool:
    return bool(re.search(r"often", s, re.I) and re.search(r"water|daniau", s, re.I))


def pen_depth_you_set(s: str) -> bool:
    return bool(re.search(r"depth you set|to a set depth|at a set depth", s, re.I))


def peel_schedule_to_follow(s: str) -> bool:
    return bool(
        re.search(r"the one to follow", s, re.I)
        or (re.search(r"sharad", s, re.I) and re.search(r"together with", s, re.I))
    )


RULES = [
    (
        randomised_uncontrolled,
        "The randomised acne-scar trials used rollers [@alam2014; @dogra2014; @majid2009].",
    ),
    (sterile_sheath, "The SkinPen cartridge and its BioSheath are sterile and single-use."),
    (scotland_in_force, "Scotland's 2026 Act restricts needling of 1.5 mm or more."),
    (often_water, "Infections have often been traced to non-sterile water [@daniau2022]."),
    (pen_depth_you_set, "On a pen, the needles move straight up and down to the depth you set."),
    (peel_schedule_to_follow, "The alternating schedule above is the one to follow [@rana2017]."),
]


@pytest.mark.parametrize(("rule", "example"), RULES, ids=[r.__name__ for r, _ in RULES])
def test_no_lesson_or_figure_repeats_a_corrected_claim(rule, example):
    assert offending(rule, example), "the rule must catch the sentence it guards against"
    texts = {**lesson_texts(), **{f"figure:{k}": v for k, v in figure_texts().items()}}
    found = {name: offending(rule, text) for name, text in texts.items()}
    assert not {name: hits for name, hits in found.items() if hits}


def test_the_corrected_facts_are_taught():
    body = " ".join(lesson_texts().values())
    for needle in (
        "non-sterile",
        "10 of 38",
        "a health care provider who is specially trained",
        "licensed healthcare practitioners or people they direct",
        "0.87 mm in women",
        "1.14 mm in men",
        "never on the same day",
        "needle protrusion",
        "low-dose aspirin",
    ):
        assert needle in body, needle


def test_tgf_beta3_is_taught_as_mainly_animal_evidence():
    for lesson_id, text in lesson_texts().items():
        if "TGF-β3" in text:
            assert "animal" in text, lesson_id


def test_no_sunscreen_on_day_one_comes_with_strict_sun_avoidance():
    caught = "First 24 hours: no make-up, no sunscreen and no actives."
    assert re.search(r"no sunscreen|sunscreen[^.]{0,40}kept off", caught, re.I)
    for lesson_id, text in lesson_texts().items():
        if re.search(r"no sunscreen|sunscreen[^.]{0,40}kept off", text, re.I):
            assert re.search(r"out of the sun|sun avoidance", text, re.I), lesson_id


def test_goodman_baron_grade_4_is_credited_to_the_paper():
    text = lesson_texts()["m2-raised-scars-and-grading"]
    assert "defined in Goodman and Baron's 2006 paper itself" in text
    assert not re.search(r"grade 4[^.]*industry page", text, re.I)
    assert re.search(r"grades 2 to 4[^.]*hypertrophic", text, re.I)


def test_70_percent_glycolic_acid_is_marked_as_a_medical_protocol():
    text = lesson_texts()["m5-peels-and-lasers"]
    assert "70% glycolic acid peel is a medical-strength peel" in text
    assert "alternate visits, never the same day" in text


def test_blood_thinner_advice_is_not_credited_to_the_device_labelling():
    for lesson_id, text in lesson_texts().items():
        for s in sentences(text):
            if re.search(r"anticoagulant|blood thinner", s, re.I) and "@skinpen-labelling" in s:
                assert "@anticoagulant-screening-industry" in s, (lesson_id, s)


def test_every_lesson_has_a_worked_client_case():
    for lesson in CONTENT.lessons.values():
        text = "\n".join(b.text for b in lesson.blocks)
        assert re.search(r"^## Worked case", text, re.M), lesson.id
        case = text[re.search(r"^## Worked case", text, re.M).start() :]
        assert "**The decision" in case and "**Why:**" in case, lesson.id


CITATION = re.compile(r"^(?P<authors>[^()]+?) \((?P<year>\d{4}|n\.d\.)\)\. (?P<title>\S.{10,})$")


@pytest.mark.parametrize(
    "citation",
    [
        "Chakrawarty & Jaiswal. Microneedling for atrophic acne scars by scar type.",
        "Review (2019).",
    ],
)
def test_the_reference_format_rule_rejects_an_incomplete_citation(citation):
    assert not CITATION.match(citation)


def test_every_reference_names_authors_year_and_title():
    for key, reference in CONTENT.references.items():
        match = CITATION.match(reference.citation)
        assert match, (key, reference.citation)
        if match.group("year") == "n.d.":
            # An undated source needs an address to find it by, unless it is marked
            # UNCONFIRMED: then it never stands alone (tests/test_unconfirmed_references.py).
            assert reference.url or "UNCONFIRMED" in reference.citation, (
                f"{key}: an undated source needs an address to find it by"
            )


def not_found(citation: str) -> bool:
    """A source nobody could locate at all: it may not stay in the list, cited or not."""
    return "NOT FOUND" in citation


def test_the_not_found_rule_catches_a_source_nobody_could_locate():
    assert not_found("Chakrawarty & Jaiswal (n.d.). Microneedling by scar type. NOT FOUND.")
    assert not not_found("Jacob CI, Dover JS, Kaminer MS (2001). Acne scarring.")


def test_no_reference_is_marked_not_found():
    assert not [key for key, r in CONTENT.references.items() if not_found(r.citation)]


def test_the_shipped_reference_list_is_the_one_checked():
    assert (ROOT / "content" / "references.yaml").exists()
    assert all(isinstance(r, Reference) for r in CONTENT.references.values())
