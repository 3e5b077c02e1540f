"""Dân vận & nguồn lực — mobilisation, people's contributions and progress (built in
ntm.mobilisation)."""
import streamlit as st

from ntm import mobilisation, web
from ntm.i18n import t

f = web.filters()
lang = f.lang
web.header(t("mob.title", lang), f)

indicators = web.query("indicators")
if web.chosen_phases(f).empty or indicators.empty:
    web.empty(lang)
    st.stop()
names, shown, against = mobilisation.choices(indicators, lang)
pick_ind, pick_mob = st.columns(2)
ind = pick_ind.selectbox(t("mob.indicator", lang), list(names), format_func=names.get, key="mob_indicator",
                         index=list(names).index(shown))
mob = pick_mob.selectbox(t("mob.scatter.x_pick", lang), list(names), format_func=names.get, key="mob_x",
                         index=list(names).index(against))
view = web.view(mobilisation.build, f, ind, mob)


def draw(part, key: str) -> None:
    if part.above:
        st.caption(part.above)
    web.plot(part.figure, key=key)
    if part.below:
        st.caption(part.below)
    web.downloads(part.export, part.export_name, lang)


# 1. One indicator by district and phase; 2. the resource mix; 3. mobilisation against progress.
if view.bars:
    draw(view.bars, "mob_bars")
else:
    web.empty(lang)
left, right = st.columns(2)
with left:
    if view.mix:
        draw(view.mix, "mob_mix")
with right:
    if view.scatter:
        draw(view.scatter, "mob_scatter")
    else:
        web.empty(lang)
