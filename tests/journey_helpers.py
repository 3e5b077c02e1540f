"""Helpers for the sweep and the journeys: expected figures recomputed with plain pandas from a
version's CSV rows (never through the app's SQL), number formats written out independently,
scans of what a page shows, and browser steps (sidebar clicks, filter choices)."""
from __future__ import annotations

import html
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pandas as pd

from ntm.store import dataset_csv

# --- expected figures from the rows ---------------------------------------------------------


def _truthy(v: str) -> bool:
    return str(v).strip().lower() in {"1", "true", "t", "yes", "đạt", "x"}


class Expected:
    """A data version's commune measures, recomputed with pandas from its datasets as CSV."""

    def __init__(self, version):
        def read(name):
            return pd.read_csv(io.BytesIO(dataset_csv(version, name)), dtype=str, keep_default_na=False)

        self.districts = read("districts")
        self.district_names = dict(zip(self.districts["district_code"], self.districts["district_name"]))
        phases = read("phases")
        phases["start_year"] = phases["start_year"].astype(int)
        phases["end_year"] = phases["end_year"].astype(int)
        phases["criteria_set"] = phases["criteria_set"] if "criteria_set" in phases else ""
        self.phases = phases.sort_values(["start_year", "phase_id"]).reset_index(drop=True)
        # A year's criteria set: that of the latest-starting phase holding the year ('' if none).
        latest_first = self.phases.sort_values(["start_year", "phase_id"], ascending=[False, True])

        def set_of(year: int) -> str:  # after every phase holding it: the latest begun before it
            holding = latest_first[(latest_first["start_year"] <= year) & (latest_first["end_year"] >= year)]
            begun = latest_first[latest_first["start_year"] <= year]
            return holding["criteria_set"].iloc[0] if len(holding) else begun["criteria_set"].iloc[0] if len(begun) else ""

        communes = read("communes")
        for col in ("valid_from", "valid_to", "group_code", "province_code"):
            communes[col] = communes[col] if col in communes else ""
        # The years a unit's data are read on it: as at 31 December (a unit ending 30 June 2025
        # carries 2024 last); its district, or the old district it is grouped with.
        communes["from_year"] = [int(v[:4]) if v else 1990 for v in communes["valid_from"]]
        communes["to_year"] = [(int(v[:4]) - (0 if v[5:] == "12-31" else 1)) if v else 2100 for v in communes["valid_to"]]
        communes["district_code"] = [d or g for d, g in zip(communes["district_code"], communes["group_code"])]
        self.communes = communes
        criteria = read("criteria")
        criteria["criterion_id"] = criteria["criterion_id"].astype(int)
        criteria["group_id"] = criteria["group_id"].astype(int)
        criteria["set_id"] = criteria["set_id"] if "set_id" in criteria else ""
        self.criteria = criteria
        self.groups = {int(g): (vi, en) for g, vi, en in
                       criteria[["group_id", "group_vi", "group_en"]].drop_duplicates("group_id").itertuples(index=False)}
        status = read("criteria_status")
        status["year"] = status["year"].astype(int)
        status["criterion_id"] = status["criterion_id"].astype(int)
        status["met"] = status["met"].map(_truthy)
        self.year_set = {y: set_of(y) for y in status["year"].unique()}
        status["set_id"] = status["year"].map(self.year_set)
        status = status.merge(criteria[["set_id", "criterion_id", "group_id"]], on=["set_id", "criterion_id"])
        status = status.merge(communes[["commune_code", "district_code", "from_year", "to_year", "province_code"]],
                              on="commune_code")
        # the unit of the year, and of the province then (a unit of another province counts elsewhere)
        status = status[(status["year"] >= status["from_year"]) & (status["year"] <= status["to_year"])
                        & (status["province_code"] == "")].drop(columns=["province_code"])
        self.status = status.drop(columns=["from_year", "to_year"])
        status = self.status
        # one row per (year, commune): criteria met in all and within each group
        per = status.groupby(["year", "commune_code", "district_code"])["met"].sum().rename("met_all")
        by_group = status.pivot_table(index=["year", "commune_code", "district_code"], columns="group_id",
                                      values="met", aggfunc="sum", fill_value=0)
        self.commune_year = pd.concat([per, by_group], axis=1).reset_index()
        sizes = criteria.groupby("set_id").size().to_dict()
        self.total_of = {y: sizes.get(s, 0) for y, s in self.year_set.items()}
        self.group_size_of = {y: criteria[criteria["set_id"] == s].groupby("group_id").size().to_dict()
                              for y, s in self.year_set.items()}
        self.years = sorted(self.commune_year["year"].unique().tolist())

    # phases ----------------------------------------------------------------------------
    def result_year(self, phase_id: str) -> int | None:
        p = self.phases.set_index("phase_id").loc[phase_id]
        inside = [y for y in self.years if p.start_year <= y <= p.end_year]
        return max(inside) if inside else None

    def phase_span(self, phase_id: str) -> str:
        p = self.phases.set_index("phase_id").loc[phase_id]
        return f"{p.start_year}–{p.end_year}"

    def chosen(self, phases, districts=None) -> list[str]:
        """The chosen phases (every phase when none is chosen) whose result year has communes
        in the chosen districts, in order."""
        wanted = list(phases) or list(self.phases["phase_id"])
        out = []
        for pid in self.phases["phase_id"]:
            year = self.result_year(pid)
            if pid in wanted and year is not None and self.measures(year, districts)["communes"] > 0:
                out.append(pid)
        return out

    # measures --------------------------------------------------------------------------
    def rows(self, year: int, districts=None) -> pd.DataFrame:
        cy = self.commune_year[self.commune_year["year"] == year]
        if districts:
            cy = cy[cy["district_code"].isin(list(districts))]
        return cy

    def measures(self, year: int, districts=None, group: int | None = None) -> dict:
        """Communes present, meeting, share meeting, average criteria met and under 10 criteria.

        With a criteria group: communes meeting every criterion of the group, and the average
        number of the group's criteria met (the issue's own definition of a group's measure)."""
        cy = self.rows(year, districts)
        n = len(cy)
        if group:
            met = cy[group] if group in cy.columns else pd.Series(0, index=cy.index)
            meeting = int((met >= self.group_size_of[year].get(group, 0)).sum())
            avg = float(met.mean()) if n else None
            under = None
        else:
            meeting = int((cy["met_all"] >= self.total_of[year]).sum())
            avg = float(cy["met_all"].mean()) if n else None
            # under 10 criteria: a measure of the 19-criterion sets only
            under = int((cy["met_all"] < 10).sum()) if self.total_of[year] == 19 else None
        return {"communes": n, "meeting": meeting, "share": meeting / n if n else None, "avg": avg,
                "under_10": under}

    def phase_measures(self, phase_id: str, districts=None, group: int | None = None) -> dict:
        year = self.result_year(phase_id)
        return dict(self.measures(year, districts, group), year=year) if year else {}

    def existing(self, districts=None) -> int:
        """Communes listed (whether or not they reported in a year)."""
        c = self.communes[self.communes["valid_from"] == ""]  # the units of 2010–2020
        return int(c["district_code"].isin(list(districts)).sum()) if districts else len(c)

    def criterion_share(self, year: int, criterion: int, districts=None) -> tuple[int, int]:
        s = self.status[(self.status["year"] == year) & (self.status["criterion_id"] == criterion)]
        if districts:
            s = s[s["district_code"].isin(list(districts))]
        return int(s["met"].sum()), len(s)


# --- numbers the way the UI writes them (written out here, not taken from ntm.i18n) ----------


def fmt_number(x, digits: int = 0, lang: str = "vi", sign: bool = False) -> str:
    if x is None or x != x:
        return "–"
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{q:{'+' if sign else ''},.{digits}f}"
    if text.lstrip("+-").strip("0.,") == "":
        text = text.lstrip("+-")
    if lang == "vi":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def fmt_percent(share, lang: str = "vi", digits: int = 1) -> str:
    return "–" if share is None or share != share else fmt_number(share * 100, digits, lang) + "%"


def parse_number(text: str, lang: str) -> float:
    text = text.replace("−", "-").replace("–", "-")
    if lang == "vi":
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    return float(text)


# --- what a page shows (AppTest) -------------------------------------------------------------

PERCENT = re.compile(r"(?<![\w.,%])([+\-−–]?)(\d[\d.,]*\d|\d)%")
FRACTION = re.compile(r"(?<![\w.,/])(\d[\d.,]*)/(\d[\d.,]*)(?![\w/.,]*\d)")
OF = re.compile(r"\b(\d[\d.,]*) of (\d[\d.,]*) communes")
# Words a page uses to say that a chosen filter does not apply to its numbers.
NOT_APPLIED = re.compile(r"không áp dụng|không lọc theo|does not apply|do not apply|not applied|not filtered", re.I)


def decode(value):
    """A Plotly array as a list: Plotly 6+ sends numeric arrays as typed base64 blobs."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape:
            arr = arr.reshape([int(n) for n in str(shape).split(",")])
        return arr.tolist()
    return value


def figures(at) -> list[dict]:
    """The Plotly figures on the page, as JSON."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _figure_texts(fig: dict) -> list[str]:
    out = []
    layout = fig.get("layout", {})
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        out.append(title["text"])
    out += [a.get("text", "") for a in layout.get("annotations", []) if a.get("text")]
    out += [d["name"] for d in fig.get("data", []) if isinstance(d.get("name"), str)]
    for d in fig.get("data", []):  # bar labels
        text = d.get("text")
        if isinstance(text, str):
            out.append(text)
        elif isinstance(text, list):
            out += [x for x in text if isinstance(x, str)]
    return [re.sub(r"<[^>]+>", " ", s) for s in out]


class _TableParser(HTMLParser):
    """HTML tables (ntm/tables.py) as frames of text; a link cell gives its address."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell, self._link = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "a" and self._cell is not None:
            self._cell = dict(attrs).get("href", "")
            self._link = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr":
            self.tables[-1].append(self._row)
        elif tag == "a":
            self._link = False

    def handle_data(self, data):
        if self._cell is not None and not self._link:
            self._cell += data


def dataframes(at) -> list[pd.DataFrame]:
    """Every table on the page: interactive grids, then read-only HTML tables, each in page order
    (cells of HTML tables as text, empty cells as None)."""
    out = [d.value for d in at.dataframe]
    for e in at.html:
        if "<table" in e.value:
            p = _TableParser()
            p.feed(e.value)
            out += [pd.DataFrame([[c if c != "" else None for c in r] for r in rows[1:]], columns=rows[0])
                    for rows in p.tables]
    return out


MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:|~<>$])")


def plain(text: str) -> str:
    """Markdown as read: escapes, HTML tags and invisible joiners removed."""
    text = MD_ESCAPE.sub(r"\1", str(text))
    return re.sub(r"<[^>]+>", " ", text).replace("\u2060", "")


class Kpi:
    """A KPI card as the page draws it (ntm/cards.py): label, value, change and notes as text."""

    def __init__(self):
        self.label, self.value, self.delta, self.tone, self.notes, self.help = "", "", None, None, [], None


class _KpiParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cards, self._field = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "ntm-kpi" in classes:
            self.cards.append(Kpi())
            self.cards[-1].help = a.get("title")
        for name in ("label", "value", "delta", "note"):
            if f"ntm-kpi-{name}" in classes:
                self._field = name
                if name == "delta":
                    self.cards[-1].tone = next(c[4:] for c in classes if c.startswith("ntm-") and c != "ntm-kpi-delta")

    def handle_endtag(self, tag):
        self._field = None

    def handle_data(self, data):
        card = self.cards[-1] if self.cards else None
        if card is None or self._field is None:
            return
        if self._field == "note":
            card.notes.append(data)
        elif self._field == "delta":
            card.delta = data.lstrip("↑↓ ").strip()
        else:
            setattr(card, self._field, getattr(card, self._field) + data)


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def html_texts(at) -> list[str]:
    """The text of the HTML blocks a page drew (its header, the headline, a slide's message), tags
    removed; not the style sheets nor the KPI cards (see `kpis`)."""
    return [_text(re.sub(r"<div class='ntm-kpis'>.*?(?=<p class='ntm-note'>|$)", " ", e.value, flags=re.S))
            for e in at.html if "<style" not in e.value]


def header(at) -> tuple[str, str]:
    """The page's title and its line of applied filters (web.header's block); ("", "") if none."""
    for e in at.html:
        found = re.search(r"<div class='ntm-header'><h1>(.*?)</h1><p class='ntm-scope'>(.*?)</p>", e.value, re.S)
        if found:
            return _text(found.group(1)), _text(found.group(2))
    return "", ""


def kpis(at) -> list[Kpi]:
    """Every KPI card on the page, in order (from the HTML blocks it drew)."""
    parser = _KpiParser()
    for block in at.html:
        if "ntm-kpi" in block.value:
            parser.feed(block.value)
    return parser.cards


def texts(at, with_figures: bool = True, with_tables: bool = True) -> list[str]:
    """Every text the page shows: titles, markdown, captions, alerts, metrics, tables, chart texts."""
    out = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                "success", "error") for e in getattr(at, kind)]
    for m in [*at.metric, *kpis(at)]:
        out += [m.label, m.value, m.delta or ""] + list(getattr(m, "notes", []))
    out += html_texts(at)
    if with_tables:
        for df in dataframes(at):
            out += [str(c) for c in df.columns]
            for col in df.columns:
                if df[col].dtype == object:
                    out += [str(v) for v in df[col].dropna()]
    if with_figures:
        for fig in figures(at):
            out += _figure_texts(fig)
    return [plain(s) for s in out if s]


def shares_outside(at, lang: str) -> list[str]:
    """Percentages shown outside [0, 100] (changes, with a sign, outside [-100, 100])."""
    bad = []
    for s in texts(at):
        for sign, num in PERCENT.findall(s):
            try:
                v = parse_number(num, lang)
            except ValueError:
                continue
            if (sign and abs(v) > 100 + 1e-9) or (not sign and not 0 <= v <= 100 + 1e-9):
                bad.append(f"{sign}{num}% in {s[:120]!r}")
    for fig in figures(at):
        for d in fig.get("data", []):
            if d.get("type") == "heatmap" and d.get("z") is not None:
                z = pd.DataFrame(decode(d["z"])).apply(pd.to_numeric, errors="coerce").stack()
                if len(z) and (z.abs().max() > 100 + 1e-9):
                    bad.append(f"heatmap value {z.abs().max()}")
    return bad


def counts_above_total(at, lang: str) -> list[str]:
    """`m/n` or `m of n communes` where m > n."""
    bad = []
    for s in texts(at):
        for a, b in FRACTION.findall(s) + OF.findall(s):
            try:
                if parse_number(a, lang) > parse_number(b, lang):
                    bad.append(f"{a}/{b} in {s[:120]!r}")
            except ValueError:
                continue
    return bad


def tracebacks(at) -> list[str]:
    shown = [e.value for e in at.exception] + [e.value for e in at.error] + [e.value for e in at.markdown] \
        + [e.value for e in at.html]
    return [str(s)[:200] for s in shown if "Traceback" in str(s) or "Exception:" in str(s)]


def numbers_fingerprint(at) -> str:
    """What a page says in numbers (chart data, metric values, table cells), without titles
    and captions: equal fingerprints mean a filter changed nothing but the words."""
    parts = []
    for fig in figures(at):
        for d in fig.get("data", []):
            parts.append(json.dumps({k: decode(d.get(k)) for k in ("x", "y", "z", "customdata")}, sort_keys=True,
                                    default=str))
    parts += [f"{m.value}|{m.delta}" for m in [*at.metric, *kpis(at)]]
    parts += [df.to_csv(index=False) for df in dataframes(at)]
    return "\n".join(parts)


# --- browser steps ---------------------------------------------------------------------------


def nav(page, label: str):
    """Click a sidebar page link."""
    page.locator("[data-testid=stSidebarNavLink]", has_text=label).first.click()


def choose_options(page, widget_label: str, options: list[str]):
    """Pick options in a sidebar multiselect by their visible names."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text=widget_label).first
    for name in options:
        box.click()
        page.get_by_role("option", name=name, exact=True).click()
        page.keyboard.press("Escape")


def choose_select(page, widget_label: str, option: str):
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text=widget_label).first
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def qp_list(at, key: str) -> list[str]:
    """An AppTest query parameter as a list (it holds a string for one value)."""
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def query_of(url: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlparse
    return parse_qs(urlparse(url).query)
