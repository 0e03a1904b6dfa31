"""The certificate PDF is tagged: a structure tree a screen reader can follow, the
document's language, and a text alternative for the QR code and the logo."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from needlewise.certification import pdf, records

from .builders import certify_trainee, load_test_course


@pytest.fixture
def certified(engine, tmp_path):
    return certify_trainee(engine, load_test_course(tmp_path))


def logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(out, format="PNG")
    return out.getvalue()


def elements(node, found=None) -> list:
    found = [] if found is None else found
    node = node.get_object()
    kids = node.get("/K")
    if node.get("/S") is not None:
        found.append(node)
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            elements(kid, found)
    return found


def test_the_certificate_pdf_is_tagged_with_language_and_alternative_text(certified):
    _, _, certificate = certified
    address = records.verify_url("https://clinic.example", certificate.code)
    reader = PdfReader(io.BytesIO(pdf.render(certificate, address, logo())))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    tree = elements(root["/StructTreeRoot"])
    kinds = [str(e["/S"]) for e in tree]
    assert kinds[0] == "/Document"
    assert kinds.count("/H1") == 1
    assert kinds.count("/P") >= 6
    figures = [e for e in tree if e["/S"] == "/Figure"]
    alts = sorted(str(f["/Alt"]) for f in figures)
    assert alts == [
        "Logo of " + certificate.snapshot["clinic"],
        f"QR code linking to the verification page: {address}",
    ]
    # Every piece of page content is either in the structure tree or marked an artifact.
    stream = reader.pages[0].get_contents().get_data().decode("latin-1")
    marked = re.findall(r"/(\w+) <</MCID (\d+)>> BDC", stream)
    assert len(marked) == len(tree) - 1
    assert "/Artifact BMC" in stream
    outside = re.sub(r"/\w+ (<</MCID \d+>> BDC|BMC).*?EMC", "", stream, flags=re.S)
    assert " Tj" not in outside and "TJ" not in outside and " Do" not in outside
