"""The logbook for an accreditor (one trainee, PDF) and for the clinic (all entries,
CSV or XLSX). Made on demand; they hold no client-identifying data because the logbook
holds none."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .. import spreadsheet
from ..certification.pdf import FONTS, TEAL
from ..display import local
from .certification import Progress
from .entries import Entry
from .lists import LogbookLists

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}
STATUS = {"submitted": "waiting", "returned": "returned", "accepted": "countersigned"}


def areas_text(entry: Entry, regions: dict[str, str]) -> str:
    return ", ".join(
        f"{regions.get(area, area)} {depth:g} mm" for area, depth in entry.details["areas"].items()
    )


# When an entry was countersigned or returned: to the second, as every time in a CSV.
MOMENT = "%Y-%m-%d %H:%M:%S"


def rows(
    entries: list[Entry],
    lists: LogbookLists,
    regions: dict[str, str],
    zone_name: str | None = "UTC",
) -> pd.DataFrame:
    """One row per entry, with names rather than ids, for tables and the CSV/XLSX export;
    the review's time in ``zone_name`` (the clinic's)."""
    outcomes = {o.id: o.name for o in lists.screening_outcomes}
    products = {p.id: p.name for p in lists.products_allowed}
    events = {e.id: e.name for e in lists.adverse_events}
    found = []
    for e in entries:
        d = e.details
        found.append(
            {
                "entry": e.id,
                "trainee": e.trainee_username,
                "date": e.treated_on.date().isoformat(),
                "client reference": e.client_ref,
                "Fitzpatrick": ROMAN[e.fitzpatrick],
                "scar types": ", ".join(d.get("scar_types", [])),
                "grade": d.get("grade", ""),
                "screening": outcomes.get(
                    d.get("screening_outcome") or "", d.get("screening_outcome")
                ),
                "consent": "yes" if d.get("consent") else "no",
                "consent form": d.get("consent_form_version", ""),
                "device": d.get("device", ""),
                "cartridge lot": d.get("cartridge_lot", ""),
                "cartridge expiry": d.get("cartridge_expiry") or "",
                "areas and depths": areas_text(e, regions),
                "passes": d.get("passes"),
                "endpoint": d.get("endpoint_seen", ""),
                "products": "; ".join(
                    [products.get(p, p) for p in d.get("products", [])]
                    + ([d["other_products"]] if d.get("other_products") else [])
                ),
                "immediate reaction": d.get("immediate_reaction", ""),
                "aftercare": d.get("aftercare_given", ""),
                "follow-up 48 h": d.get("follow_up_48h", ""),
                "follow-up next visit": d.get("follow_up_next_visit", ""),
                "adverse events": "; ".join(events.get(x, x) for x in d.get("adverse_events", [])),
                "flags": " ".join(e.flags),
                "status": STATUS[e.status],
                "supervisor": e.reviewer_name or "",
                "reviewed": f"{local(e.reviewed_at, zone_name):{MOMENT}}" if e.reviewed_at else "",
                "supervisor comment": e.review_comment or "",
            }
        )
    return pd.DataFrame(found)


def to_csv(table: pd.DataFrame) -> bytes:
    return spreadsheet.to_csv(spreadsheet.defused(table))


def to_xlsx(table: pd.DataFrame) -> bytes:
    """The workbook, where the review's time is a date-time, as in every workbook offered."""
    sheet = spreadsheet.defused(table)
    if "reviewed" in sheet:
        # "" (not reviewed yet) becomes an empty cell.
        sheet["reviewed"] = pd.to_datetime(sheet["reviewed"], format=MOMENT, errors="coerce")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet.to_excel(writer, index=False, sheet_name="Logbook")
    return buffer.getvalue()


def counted(progress: Progress) -> str:
    """The count for an accreditor, with the clinic's number only when the certificate
    requires one: a clinic that does not count treatments has no requirement to show."""
    if not progress.in_certificate:
        return f"Countersigned treatments: {progress.accepted}."
    return (
        f"Countersigned treatments: {progress.accepted} "
        f"(the certificate requires {progress.required})."
    )


def _line(pdf: FPDF, text: str, height: float = 5.5) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def logbook_pdf(
    trainee_name: str,
    clinic: str,
    entries: list[Entry],
    progress: Progress,
    lists: LogbookLists,
    regions: dict[str, str],
    made_at: datetime,
) -> bytes:
    """A trainee's supervised practice logbook, every entry with its status and supervisor."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Supervised practice logbook: {trainee_name}")
    pdf.set_author(clinic)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*TEAL)
    _line(pdf, "Supervised practice logbook", 10)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 11)
    _line(pdf, f"Trainee: {trainee_name}")
    _line(pdf, f"Clinic: {clinic}")
    _line(pdf, f"Prepared: {made_at.strftime('%d %B %Y %H:%M')} UTC")
    _line(pdf, f"{counted(progress)} Supervisors: {', '.join(progress.supervisors) or 'none yet'}.")
    _line(pdf, "Clients are recorded by pseudonymous reference only; no client is named.")
    table = rows(entries, lists, regions)
    for record in table.to_dict("records"):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        _line(
            pdf,
            f"Entry {record['entry']} · {record['date']} · client {record['client reference']} "
            f"· {record['status']}",
        )
        pdf.set_font("DejaVu", "", 9)
        for key in (
            "Fitzpatrick",
            "scar types",
            "grade",
            "screening",
            "consent",
            "areas and depths",
            "passes",
            "endpoint",
            "products",
            "immediate reaction",
            "aftercare",
            "follow-up 48 h",
            "follow-up next visit",
            "adverse events",
            "supervisor",
            "reviewed",
            "supervisor comment",
        ):
            value = record[key]
            if value not in ("", None):
                _line(pdf, f"{key.capitalize()}: {value}", 4.5)
    return bytes(pdf.output())
