"""The result panel: the card's colour and message, who the person is, and each benefit.

Shows a `ScanOutcome` (a scanned card) or a `MemberCheck` (a manual lookup) in the
language in force; `retranslate()` redraws the same result in the other language.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from hospital_desk.desk import MemberCheck, ScanOutcome, headline
from hospital_desk.eligibility import Outcome
from hospital_desk.members import Member, format_member_number
from hospital_desk.messages import khmer_digits, render
from hospital_desk.ui.i18n import tr

COLOURS = {
    "green": "#1b7f3b",
    "amber": "#9a5b00",
    "red": "#b3261e",
    "grey": "#5f6368",
    "blue": "#0b4f8a",
}
OUTCOME_COLOURS = {Outcome.ELIGIBLE: "green", Outcome.NOT_ELIGIBLE: "red"}


def _sex(code: int) -> str:
    return {1: tr("Male"), 2: tr("Female")}.get(code, tr("Not known"))


def _scheme(code: int) -> str:
    return {
        1: tr("Private sector employee"),
        2: tr("Civil servant (public sector)"),
        3: tr("Self-employed (voluntary)"),
        4: tr("Dependant"),
    }.get(code, tr("Other scheme"))


class ResultPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setObjectName("resultBanner")
        self.banner.setWordWrap(True)
        self.banner.setMargin(14)
        self.body = QLabel()
        self.body.setObjectName("resultBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setMargin(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        self.colour = "grey"
        self._shown: ScanOutcome | MemberCheck | str | None = None
        self.language = "en"
        self.clear()

    # --- what to show -------------------------------------------------------------------
    def clear(self) -> None:
        self._shown = None
        self._paint("grey", tr("Scan a card, or search by NSSF number or name."), "")

    def show_scan(self, outcome: ScanOutcome) -> None:
        self._shown = outcome
        self._render()

    def show_check(self, check: MemberCheck) -> None:
        self._shown = check
        self._render()

    def show_error(self, text: str) -> None:
        self._shown = text
        self._paint("amber", text, "")

    def retranslate(self, language: str) -> None:
        self.language = language
        if self._shown is None:
            self.clear()
        elif isinstance(self._shown, str):
            self._paint("amber", self._shown, "")
        else:
            self._render()

    # --- drawing --------------------------------------------------------------------------
    def _render(self) -> None:
        shown = self._shown
        lang = self.language
        if isinstance(shown, ScanOutcome):
            card = shown.card
            lines = [html.escape(card.message(lang))]
            lines += [f"! {html.escape(w)}" for w in card.warning_texts(lang)]
            body = self._check_html(shown.check) if shown.check else ""
            self._paint(card.colour, "<br>".join(lines), body)
        elif isinstance(shown, MemberCheck):
            head = tr("Manual lookup (no card scanned)")
            self._paint("blue", html.escape(head), self._check_html(shown))

    def _paint(self, colour: str, banner_html: str, body_html: str) -> None:
        self.colour = colour
        self.banner.setText(f"<b>{banner_html}</b>")
        self.banner.setStyleSheet(
            f"QLabel#resultBanner {{ background: {COLOURS[colour]}; color: white;"
            " font-size: 15pt; border-radius: 6px; }"
        )
        self.body.setText(body_html)

    def _date(self, value: str) -> str:
        return khmer_digits(value) if self.language == "km" else value

    def _person_html(self, member: Member) -> str:
        ymd = member.birth_ymd
        born = f"{ymd // 10000:04d}-{ymd // 100 % 100:02d}-{ymd % 100:02d}".replace("-00", "")
        number = format_member_number(member.member_id)
        return (
            f"<p style='font-size:16pt'><b>{html.escape(member.name_khmer)}</b>"
            f" &nbsp; <b>{html.escape(member.name_latin)}</b></p>"
            f"<p>{tr('NSSF number')}: <b>{self._date(number)}</b> &nbsp; "
            f"{tr('Born')}: {self._date(born)} &nbsp; {tr('Sex')}: {_sex(member.sex)}"
            f" &nbsp; {tr('Scheme')}: {_scheme(member.scheme)}</p>"
        )

    def _check_html(self, check: MemberCheck) -> str:
        lang = self.language
        parts: list[str] = []
        if check.member is not None:
            parts.append(self._person_html(check.member))
        else:
            number = self._date(format_member_number(check.member_id))
            parts.append(f"<p><b>{number}</b>: {tr('not in the local member list')}</p>")
        if check.principal is not None:
            principal = check.principal
            parts.append(
                f"<p>{tr('Principal member')}: {html.escape(principal.name_khmer)} / "
                f"{html.escape(principal.name_latin)} "
                f"({self._date(format_member_number(principal.member_id))})</p>"
            )
        if check.dependants:
            names = ", ".join(
                f"{html.escape(d.name_khmer)} / {html.escape(d.name_latin)}"
                for d in check.dependants
            )
            parts.append(f"<p>{tr('Dependants')}: {names}</p>")
        as_of = check.list_as_of
        parts.append(
            "<p><i>"
            + html.escape(
                render("list_as_of", {"date": as_of.isoformat()}, lang)
                if as_of
                else render("list_as_of_never", {}, lang)
            )
            + "</i></p>"
        )
        for decision in check.decisions:
            colour = COLOURS[OUTCOME_COLOURS.get(decision.outcome, "amber")]
            title = render(f"benefit.{decision.benefit}", {}, lang)
            parts.append(
                f"<p style='margin-top:8px'><span style='color:{colour}'><b>"
                f"{html.escape(title)}: {html.escape(headline(decision)[lang])}</b></span><br>"
            )
            items = [html.escape(render(i.code, i.params_dict, lang)) for i in decision.reasons]
            items += [
                "<span style='color:#9a5b00'>! "
                + html.escape(render(i.code, i.params_dict, lang))
                + "</span>"
                for i in decision.warnings
            ]
            items += [
                "+ " + html.escape(render(i.code, i.params_dict, lang))
                for i in decision.entitlements
            ]
            if decision.hotlines:
                numbers = ", ".join(decision.hotlines)
                items.append("" + html.escape(render("hotlines", {"numbers": numbers}, lang)))
            parts.append("<br>".join(items) + "</p>")
        return "".join(parts)
