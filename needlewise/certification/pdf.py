"""The certificate as a PDF (fpdf2), with the verification address and its QR code.

The PDF is tagged (WCAG 1.1.1, 1.3.1 for documents): a structure tree with a heading, a
paragraph per line of text, the QR code and logo as figures with alternative text, the
frame marked as an artifact, and the document language set. fpdf2 2.8 tags only images
and links through its public API, so ``_tagged`` adds the other structure elements with
the same builder fpdf2 uses for its own figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import segno
from fpdf import FPDF, ViewerPreferences

from .records import Certificate, long_day

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
TEAL = (15, 118, 110)


@contextmanager
def _tagged(pdf: FPDF, kind: str) -> Iterator[None]:
    """Everything drawn inside becomes one structure element of ``kind`` (``H1``, ``P``)."""
    mcid = pdf.struct_builder.next_mcid_for_page(pdf.page)
    pdf._add_marked_content(struct_type=f"/{kind}", mcid=mcid)
    pdf._out(f"/{kind} <</MCID {mcid}>> BDC")
    yield
    pdf._out("EMC")


@contextmanager
def _artifact(pdf: FPDF) -> Iterator[None]:
    """Decoration that assistive technology skips."""
    pdf._out("/Artifact BMC")
    yield
    pdf._out("EMC")


def _line(pdf: FPDF, kind: str, *args, **kwargs) -> None:
    with _tagged(pdf, kind):
        pdf.cell(*args, **kwargs)


def render(certificate: Certificate, verify_address: str, logo_png: bytes | None = None) -> bytes:
    snapshot = certificate.snapshot
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Certificate: {snapshot['trainee']}")
    pdf.set_author(snapshot["clinic"])
    pdf.set_lang("en-GB")
    # Readers show the title rather than the file name (PDF/UA).
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.add_page()
    with _artifact(pdf):
        pdf.set_draw_color(*TEAL)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, 281, 194)
    if logo_png:
        pdf.image(io.BytesIO(logo_png), x=16, y=14, h=22, alt_text=f"Logo of {snapshot['clinic']}")
    pdf.set_font("DejaVu", "B", 14)
    pdf.set_xy(16, 16)
    _line(pdf, "P", 265, 8, snapshot["clinic"], align="R")
    pdf.set_y(42)
    pdf.set_font("DejaVu", "B", 28)
    pdf.set_text_color(*TEAL)
    _line(pdf, "H1", 0, 14, "Certificate of completion", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    with _tagged(pdf, "P"):
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(0, 9, "This certifies that", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 24)
        pdf.cell(0, 14, snapshot["trainee"], align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 13)
        pdf.cell(
            0,
            8,
            f"completed the course {snapshot['course']}",
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.cell(
            0,
            8,
            f"on {long_day(certificate.completed_on)}, with every practical competency "
            "observed and signed off:",
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10)
    for item in snapshot.get("competencies", []):
        pdf.set_x(40)
        _line(
            pdf,
            "P",
            217,
            6,
            f"{item['title']}: signed off by {item['signed_by']} "
            f"(observed {long_day(item['observed_on'])})",
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
    _line(pdf, "P", 170, 7, f"Valid until {long_day(certificate.expires_on)}")
    pdf.set_font("DejaVu", "", 10)
    pdf.set_xy(16, 170)
    _line(pdf, "P", 170, 6, f"Verification code: {certificate.code}")
    pdf.set_xy(16, 177)
    _line(pdf, "P", 170, 6, f"Check it at {verify_address}", link=verify_address)
    qr = io.BytesIO()
    segno.make(verify_address, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    pdf.image(
        qr,
        x=245,
        y=150,
        w=38,
        h=38,
        alt_text=f"QR code linking to the verification page: {verify_address}",
    )
    return bytes(pdf.output())
