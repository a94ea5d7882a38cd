"""The benefits slip: one printable page telling the member, in Khmer and English, what
they are entitled to and how to reach NSSF (members often cannot name their benefits)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from hospital_desk.desk import MemberCheck, headline
from hospital_desk.eligibility import Outcome
from hospital_desk.members import format_member_number
from hospital_desk.messages import render
from hospital_desk.ui.i18n import khmer_font

HOTLINES = ("1286", "1297")


def slip_html(check: MemberCheck) -> str:
    member = check.member
    assert member is not None  # noqa: S101 - callers check
    parts = [
        "<h2>បេឡាជាតិរបបសន្តិសុខសង្គម (ប.ស.ស.) — National Social Security Fund (NSSF)</h2>",
        "<h3>សិទ្ធិរបស់អ្នក — Your benefits</h3>",
        f"<p><b>{html.escape(member.name_khmer)}</b> / <b>{html.escape(member.name_latin)}</b>"
        f" &nbsp; {format_member_number(member.member_id)}</p>",
    ]
    if check.list_as_of is not None:
        date = check.list_as_of.isoformat()
        parts.append(
            f"<p><i>{html.escape(render('list_as_of', {'date': date}, 'km'))} — "
            f"{html.escape(render('list_as_of', {'date': date}, 'en'))}</i></p>"
        )
    for decision in check.decisions:
        title = " — ".join(render(f"benefit.{decision.benefit}", {}, lang) for lang in ("km", "en"))
        verdict = " — ".join(headline(decision)[lang] for lang in ("km", "en"))
        parts.append(f"<p><b>{html.escape(title)}</b>: {html.escape(verdict)}<br>")
        if decision.outcome is Outcome.ELIGIBLE:
            for item in decision.entitlements:
                for lang in ("km", "en"):
                    parts.append(
                        "• " + html.escape(render(item.code, item.params_dict, lang)) + "<br>"
                    )
        parts.append("</p>")
    numbers = ", ".join(HOTLINES)
    parts.append(
        "<p><b>"
        + html.escape(render("hotlines", {"numbers": numbers}, "km"))
        + "<br>"
        + html.escape(render("hotlines", {"numbers": numbers}, "en"))
        + "</b></p>"
    )
    return "".join(parts)


A4 = QPageLayout(
    QPageSize(QPageSize.PageSizeId.A4),
    QPageLayout.Orientation.Portrait,
    QMarginsF(15, 15, 15, 15),
    QPageLayout.Unit.Millimeter,
)


def _document(check: MemberCheck) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(khmer_font(10))
    document.setHtml(slip_html(check))
    return document


def write_slip(check: MemberCheck, path: Path) -> None:
    """One A4 page, PDF."""
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setPageLayout(A4)
    document = _document(check)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)


def print_slip(check: MemberCheck, printer: QPrinter) -> None:
    """The same page on a printer (chosen in the print dialog), A4 unless it says else."""
    printer.setPageLayout(A4)
    document = _document(check)
    rect = printer.pageLayout().paintRectPixels(printer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(printer)
