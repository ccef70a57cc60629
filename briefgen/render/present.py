"""Words for the values of the briefing data, shared by the Markdown and Word writers.

Both writers read the same dict (``jsondata.briefing_data``) and show each value through
these functions, so a date, an amount, a citation or a missing fact reads the same in
every format. In templates they are the filters ``date``, ``when``, ``amount``, ``per``,
``period``, ``cite``, ``number``, ``consecutive_by_label`` and, for answer drafts,
``listed``, ``asked`` and ``answered_by``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from babel.lists import format_list

from briefgen.models import cited_number
from briefgen.render import fmt
from briefgen.render.i18n import gettext
from briefgen.render.jsondata import amount_from_data, date_fact_from_data


def consecutive_by_label(
    items: Iterable[dict[str, Any]],
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Items as ``(label, items)`` runs of consecutive items sharing a non-empty label.

    A flattened table gives each quote of a row the same long "row — column" label; the
    writers show a run's label once with its quotes under it. Unlike Jinja's ``groupby``
    this keeps the items' order; an unlabelled item is a run of its own.
    """
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    for item in items:
        if item["label"] and runs and runs[-1][0] == item["label"]:
            runs[-1][1].append(item)
        else:
            runs.append((item["label"], [item]))
    return runs


class Presenter:
    """Formats the briefing's data values for one language and locale."""

    def __init__(self, lang: str, locale: str) -> None:
        fmt.parse_locale(locale)  # an unknown locale fails here, before any output
        self.lang = lang
        self.locale = locale

    def _(self, message: str) -> str:
        return gettext(self.lang, message)

    def date(self, value: str | date | None, weekday: bool = False) -> str:
        """An ISO date in words; a missing date says so."""
        if value is None:
            return self._("date unknown")
        d = date.fromisoformat(value) if isinstance(value, str) else value
        return fmt.format_date(d, self.locale, weekday=weekday)

    def when(self, data: dict[str, Any]) -> str:
        """A date fact as precisely as its source said it."""
        return fmt.format_date_fact(date_fact_from_data(data), self.locale)

    def amount(self, data: dict[str, Any], with_per: bool = True) -> str:
        """An amount in the locale's money format."""
        return fmt.format_amount(amount_from_data(data), self.locale, with_per=with_per)

    def per(self, data: dict[str, Any]) -> str:
        """How often an amount is paid, or that the source does not say."""
        per = data["per"]
        if per == "year":
            return self._("per year")
        if per == "once":
            return self._("once")
        return self._("not stated")

    def period(self, data: dict[str, str | None]) -> str:
        """The span of the sources' dates; an open end is shown as unknown."""
        first, last = data["from"], data["to"]
        if first is None and last is None:
            return self._("unknown")
        if first is not None and last is not None:
            return fmt.format_span(date.fromisoformat(first), date.fromisoformat(last), self.locale)
        return f"{self.date(first)} – {self.date(last)}"

    def cite(self, sources: list[dict[str, Any]]) -> str:
        """The citation of an item: "[1, antw. 1+3; 4, § 2]"."""
        return "[" + "; ".join(self.cite_parts(sources)) + "]" if sources else ""

    def cite_parts(self, sources: list[dict[str, Any]]) -> list[str]:
        """One "number, locator" per source: what a reader looks up in the sources list."""
        return [f"{s['ref']}, {s['locator']}" if s["locator"] else str(s["ref"]) for s in sources]

    def number(self, value: str | None) -> str:
        """A document number, or a dash when the document has none."""
        return value if value else "–"

    def listed(self, values: Iterable[object]) -> str:
        """Values as the locale lists them: "1 en 3", "1, 2 en 3"."""
        return format_list([str(v) for v in values], locale=fmt.parse_locale(self.locale))

    def asked(self, question: dict[str, Any], placeholders: dict[str, str]) -> str:
        """A question's heading in the Tweede Kamer layout: "Vragen van ... (ingezonden DATE)".

        A Tweede Kamer question's title is that heading's own sentence ("Vragen van de
        leden X aan de Minister van Y over Z"), kept as written; for another question
        it is made of the asker and title it gives, a placeholder for what it does not.
        """
        title = question["title"]
        if not (title and title.startswith("Vragen van ")):
            title = self._("Questions from %(asker)s on %(title)s") % {
                "asker": question["asker"] or placeholders["asker"],
                "title": title or placeholders["subject"],
            }
        when = self.date(question["date"]) if question["date"] else placeholders["date"]
        return self._("%(questions)s (submitted %(date)s)") % {"questions": title, "date": when}

    def answered_by(self, minister: dict[str, Any], placeholders: dict[str, str]) -> str:
        """Who answers in the Tweede Kamer layout, as the question names them.

        The date the answer is received is a placeholder: a draft has not been sent.
        """
        who = minister["name"] or minister["placeholder"]
        if minister["title"]:
            who = f"{who} ({minister['title']})"
        return self._("Answer from %(minister)s (received %(date)s)") % {
            "minister": who,
            "date": placeholders["date"],
        }

    def filters(self) -> dict[str, Callable[..., Any]]:
        """The filters a Jinja2 template uses."""
        return {
            "date": self.date,
            "when": self.when,
            "amount": self.amount,
            "per": self.per,
            "period": self.period,
            "cite": self.cite,
            "number": self.number,
            "listed": self.listed,
            "asked": self.asked,
            "answered_by": self.answered_by,
            "cited_number": cited_number,
            "consecutive_by_label": consecutive_by_label,
        }
