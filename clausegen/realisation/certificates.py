"""Which PSO certificate fills which part of the Looptijd, in words: the certificate of the award
and each renewed one (`--pso-vernieuwd`), with its dates, its trede where known and the days it
counts for, and the days no certificate covers (buy-social.pso; sixth legal reading MINOR-2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..fmt import datum
from .counting import Span, _subtract
from .terms import Terms
from .valuation import Renewal


@dataclass(frozen=True)
class Cover:
    """One certificate, as the letter names it, and the days of the Looptijd it counts for."""

    name: str
    spans: tuple[Span, ...]


def level_text(level: str) -> str:
    """`trede 2`, `PSO-30+` from the manifest's `pso-trede-2`-style level."""
    return level.replace("pso-30-plus", "PSO-30+").replace("-", " ")


def _renewal_name(renewal: Renewal) -> str:
    starts = f"ingegaan op {datum(renewal.starts)}, " if renewal.starts is not None else ""
    return (f"het vernieuwde certificaat ({starts}ontvangen op {datum(renewal.received)}, geldig tot en met "
            f"{datum(renewal.valid_until)})")  # fmt: skip


def covers(terms: Terms, renewals: Sequence[Renewal], term: Span) -> tuple[list[Cover], list[Span]]:
    """Per certificate the days of `term` it counts for that no earlier one already covers (the
    award's first, then the renewals by the day they count from), and the days none covers."""
    assert terms.pso is not None
    weeks = terms.pso_renewal_weeks
    award = f"het certificaat van de gunning ({level_text(terms.pso.level)}, geldig tot en met {datum(terms.pso.valid_until)})"
    certificates = [(award, (term[0], terms.pso.valid_until))]
    certificates += [
        (_renewal_name(r), (r.counts_from(weeks), r.valid_until)) for r in sorted(renewals, key=lambda r: r.counts_from(weeks))
    ]  # fmt: skip
    taken: list[Span] = []
    out = []
    for name, (start, end) in certificates:
        span = (max(start, term[0]), min(end, term[1]))
        free = _subtract(span, sorted(taken)) if span[0] <= span[1] else []
        taken += free
        out.append(Cover(name, tuple(free)))
    return out, _subtract(term, sorted(taken))


def _days(spans: Sequence[Span]) -> str:
    periods = " en ".join(f"{datum(start)} tot en met {datum(end)}" for start, end in spans)
    return f"de periode{'s' if len(spans) > 1 else ''} van {periods}"


def cover_sentence(terms: Terms, renewals: Sequence[Renewal], term: Span) -> str:
    """`Het certificaat van de gunning (...) telt voor ...; het vernieuwde certificaat (...) voor ...`."""
    found, gaps = covers(terms, renewals, term)
    parts = [
        f"{c.name} voor {_days(c.spans)}" if c.spans else f"{c.name} voor geen deel van de looptijd" for c in found
    ]
    text = "Daarbij telt " + "; ".join(parts) + "."
    if gaps:
        text += f" In {_days(gaps)} geldt geen certificaat; daarvoor vult het PSO-certificaat niets in."
    return text
