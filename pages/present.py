"""Trình chiếu — one chart and one message per slide, for screen sharing at 1280×720."""
import html
from pathlib import Path

import streamlit as st

from ntm import filters, report, web
from ntm.i18n import t, version_label

f = web.filters()
lang = f.lang
st.html(Path(__file__).with_name("present.css"))
version = web.active_version()


def filter_control() -> None:
    """The sidebar is hidden here: districts and phases in a compact control bound to the same state."""
    with st.popover(t("present.filters", lang), icon=":material/filter_alt:"):
        choices = web.choices()
        filters.district_widget(choices.districts, lang, "present_districts")
        filters.phase_widget(choices.phases, lang, "present_phases")


deck = web.deck(f.params, f.phases, lang) if f.phases else []
if not deck:
    web.empty(lang)
    filter_control()
    st.page_link("pages/overview.py", label=t("present.exit", lang), icon=":material/close:")
    st.stop()

total = len(deck)
if "slide" not in st.session_state:
    wanted = st.query_params.get("s", "1")
    st.session_state["slide"] = int(wanted) if wanted.isdigit() else 1
st.session_state["slide"] = min(max(st.session_state["slide"], 1), total)


def move(step: int) -> None:
    st.session_state["slide"] = min(max(st.session_state["slide"] + step, 1), total)


n = st.session_state["slide"]
st.query_params["s"] = str(n)
current = deck[n - 1]
st.html(f"<div class='ntm-slide-title'>{html.escape(current.title)}</div>"
        f"<div class='ntm-slide-message'>{html.escape(current.message)}</div>")
if current.figure is None:  # the closing slide: its findings, numbered, in large type
    st.html("<ol style='font-size:1.55rem;line-height:1.45;margin:.6rem 0 0 1.6rem;padding:0'>"
            + "".join(f"<li style='margin-bottom:.7rem'>{html.escape(p)}</li>" for p in current.points) + "</ol>")
else:  # no Plotly toolbar on a slide: it would cover the legend at the top of the chart
    web.plot(current.figure, key=f"slide_{current.key}", config={"displayModeBar": False, "displaylogo": False})

badge = f" · {t('sample.badge', lang).upper()}" if version.sample else ""
footer = f.caption(version_label(version, lang), group_applies=False, markdown=False) + badge  # the hand-outs' footer
with st.container(horizontal=True, vertical_alignment="center"):
    # Short enough for one line beside the controls; the chart's footnote names the data version.
    st.caption(f"**{t('present.counter', lang, n=n, total=total)}** · {f.scope(group_applies=False)}{badge}",
               width="stretch")
    st.button(t("present.prev", lang), on_click=move, args=(-1,), shortcut="Left", icon=":material/arrow_back:",
              disabled=n == 1, key="slide_prev")
    st.button(t("present.next", lang), on_click=move, args=(1,), shortcut="Right", icon=":material/arrow_forward:",
              disabled=n == total, key="slide_next", type="primary")
    filter_control()
    with st.popover(t("present.handouts", lang), icon=":material/download:"):
        st.download_button(t("present.pptx", lang), lambda: report.pptx_bytes(deck, lang, footer),
                           "nong-thon-moi.pptx", on_click="ignore", icon=":material/slideshow:",
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
        st.download_button(t("present.html", lang), lambda: report.html_bytes(deck, lang, footer),
                           "nong-thon-moi.html", "text/html", on_click="ignore", icon=":material/description:")
        st.caption(t("present.keys", lang))
    st.page_link("pages/overview.py", label=t("present.exit", lang), icon=":material/close:")
with st.container(key="slide_keys"):  # PageUp / PageDown as well as the arrow keys
    st.button("PageUp", on_click=move, args=(-1,), shortcut="PageUp", key="slide_pgup")
    st.button("PageDown", on_click=move, args=(1,), shortcut="PageDown", key="slide_pgdn")
