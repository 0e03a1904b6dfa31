"""The certificate as a PDF (fpdf2), with the verification address and its QR code."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import segno
from fpdf import FPDF

from .certificates import Certificate

FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
TEAL = (15, 118, 110)


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d %B %Y")


def render(certificate: Certificate, verify_address: str, logo_png: bytes | None = None) -> bytes:
    snapshot = certificate.snapshot
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Certificate: {snapshot['trainee']}")
    pdf.set_author(snapshot["clinic"])
    pdf.add_page()
    pdf.set_draw_color(*TEAL)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, 281, 194)
    if logo_png:
        pdf.image(io.BytesIO(logo_png), x=16, y=14, h=22)
    pdf.set_font("DejaVu", "B", 14)
    pdf.set_xy(16, 16)
    pdf.cell(265, 8, snapshot["clinic"], align="R")
    pdf.set_y(42)
    pdf.set_font("DejaVu", "B", 28)
    pdf.set_text_color(*TEAL)
    pdf.cell(0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(0, 9, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 24)
    pdf.cell(0, 14, snapshot["trainee"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 13)
    pdf.cell(
        0, 8, f"completed the course {snapshot['course']}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.cell(
        0,
        8,
        f"on {_day(snapshot['completed_on'])}, with every practical competency "
        "observed and signed off:",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    for item in snapshot.get("competencies", []):
        pdf.set_x(40)
        pdf.cell(
            217,
            6,
            f"{item['title']}: signed off by {item['signed_by']} "
            f"(observed {_day(item['observed_on'])})",
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    logbook = snapshot.get("logbook")
    if logbook and logbook["countersigned"]:
        pdf.ln(2)
        pdf.set_x(40)
        pdf.multi_cell(
            217,
            6,
            f"Supervised treatments countersigned in the practice logbook: "
            f"{logbook['countersigned']}, by {', '.join(logbook['supervisors'])}",
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_xy(16, 160)
    pdf.cell(170, 7, f"Valid until {_day(snapshot['expires_on'])}")
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(16, 170)
    pdf.cell(170, 6, f"Verification code: {certificate.code}")
    pdf.set_xy(16, 177)
    pdf.cell(170, 6, f"Check it at {verify_address}", link=verify_address)
    qr = io.BytesIO()
    segno.make(verify_address, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(qr, x=245, y=150, w=38, h=38)
    return bytes(pdf.output())
