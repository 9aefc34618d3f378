"""Every page of the built site, opened in Chromium as a reader would open it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content import need_example, note_pages, url_of

# Checks made on each page in the browser: unrendered math, images that did not load,
# plots without a description.
PAGE_PROBLEMS = """async () => {
  const problems = [];
  for (const el of document.querySelectorAll(".arithmatex")) {
    if (!el.querySelector(".katex")) problems.push("math not rendered: " + el.textContent.slice(0, 60));
  }
  for (const el of document.querySelectorAll(".katex-error")) problems.push("bad TeX: " + el.textContent.slice(0, 60));
  for (const img of document.querySelectorAll("img")) {
    img.loading = "eager";  // plots load lazily: fetch them now
    try { await img.decode(); } catch (error) { problems.push("image not loaded: " + img.src); }
    if (!img.hasAttribute("alt")) problems.push("image without alt: " + img.src);
  }
  for (const plot of document.querySelectorAll("img.plot")) {
    if (!plot.alt.trim()) problems.push("plot without a description: " + plot.src);
    if (plot.naturalWidth < 50 || plot.naturalHeight < 50) problems.push("plot not drawn: " + plot.alt);
  }
  const headings = Array.from(document.querySelectorAll(".md-content :is(h1, h2, h3, h4, h5, h6)"));
  headings.forEach((h, i) => {
    const level = Number(h.tagName[1]), previous = i ? Number(headings[i - 1].tagName[1]) : 0;
    if (level > previous + 1) problems.push(`heading skips a level: h${previous} then h${level} "${h.textContent.trim()}"`);
  });
  for (const a of document.querySelectorAll(".md-content a[href]")) {
    const name = (a.innerText || a.getAttribute("aria-label") || a.title || "").trim().toLowerCase();
    if (["here", "click here", "link", "this", "read more", "more"].includes(name)) problems.push("link text says nothing: " + name);
  }
  const text = document.querySelector(".md-content").innerText;
  for (const raw of ["\\\\frac", "\\\\sum", "\\\\mathbf", "$$"]) {
    if (text.includes(raw)) problems.push("raw TeX visible: " + raw);
  }
  return problems;
}"""


def html_pages(site: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site).parent) + "/"
        if p.name == "index.html"
        else str(p.relative_to(site))
        for p in site.rglob("*.html")
        if "assets" not in p.parts
    )


def test_every_page_renders_and_asks_no_other_host(built_site, visit):
    """No third-party request or console error; math, images and plots shown; headings in order."""
    pages = html_pages(built_site)
    assert "./" in pages and "404.html" in pages
    tab = visit()
    problems = {}
    for page in pages:
        path = "" if page == "./" else page
        tab.third_party.clear()
        tab.console_errors.clear()
        response = tab.open(path)
        found = tab.page.evaluate(PAGE_PROBLEMS)
        found += [f"request to another host: {url}" for url in tab.third_party]
        found += [f"console error: {text}" for text in tab.console_errors]
        if response is None or response.status != 200:
            found.append(f"status {response.status if response else None}")
        if found:
            problems[page] = found
    assert problems == {}


def test_plots_are_svg_images_with_a_description(visit):
    """A note's plots are SVG files shown as images with alt text, drawn once scrolled to."""
    with_plots = [p for p in note_pages() if "svg(" in p.read_text()]
    if not with_plots:
        pytest.skip("no note draws a plot")
    tab = visit()
    tab.open(url_of(with_plots[0]))
    plots = tab.page.locator("img.plot")
    assert plots.count() >= 1
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        tab.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 50", arg=plot.element_handle()
        )
        assert plot.get_attribute("alt") and plot.get_attribute("src").endswith(".svg")


def test_search_finds_a_note_by_a_word_in_its_body(visit):
    """Typing "eigenvector" in the search box lists the eigenvalues note."""
    need_example("docs/notes/linear-algebra/eigenvalues-and-eigenvectors.md")
    tab = visit()
    tab.open("")
    tab.page.click("label.md-search__icon, .md-search__input")
    # The index loads in a web worker; a query typed before it is ready finds nothing,
    # so type again until results show (a loaded machine can take seconds).
    for _ in range(30):
        tab.page.fill(".md-search__input", "")
        tab.page.type(".md-search__input", "eigenvector")
        if tab.page.locator(".md-search-result__item a").count():
            break
        tab.page.wait_for_timeout(1000)
    hrefs = tab.page.eval_on_selector_all(
        ".md-search-result__item a", "els => els.map(e => e.href)"
    )
    assert any("eigenvalues-and-eigenvectors" in href for href in hrefs), hrefs


def test_dark_mode_toggle_persists_across_pages(visit):
    """Switching to dark mode sticks when another page is opened."""
    tab = visit(color_scheme="light")
    tab.open("")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "default"
    # The palette cycles: system preference -> light -> dark.
    for _ in range(3):
        if tab.page.get_attribute("body", "data-md-color-scheme") == "slate":
            break
        tab.page.click("form[data-notesite-palette] label:not([hidden])")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
    tab.open("tags/")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"


def test_copy_button_copies_the_code(visit, site_url):
    """The copy button on a code block puts that code on the clipboard."""
    need_example("docs/notes/linear-algebra/vectors-and-matrices.md")
    tab = visit(permissions=["clipboard-read", "clipboard-write"])
    tab.open("notes/linear-algebra/vectors-and-matrices/")
    # The included snippet is folded away in a box; open it, as a reader would.
    tab.page.locator("details.example summary").first.click()
    block = tab.page.locator("details.example div.highlight pre").first
    # Material adds the button once the block scrolls into view.
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    assert "def dot(u, v):" in copied
    assert copied.strip() == block.locator("code").inner_text().strip()


def test_folded_code_is_highlighted_when_opened_and_copies_the_same_text(visit, built_site: Path):
    """A folded snippet box ships its code in a <template>, costing the page load nothing;
    opened, it shows the code highlighted, and the copy button copies it."""
    pages = sorted(built_site.rglob("index.html"))
    page = next((p for p in pages if "notesite-highlighted" in p.read_text()), None)
    if page is None:
        pytest.skip("no page of this site has a folded snippet box")
    tab = visit(permissions=["clipboard-read", "clipboard-write"])
    tab.open(page.parent.relative_to(built_site).as_posix() + "/")
    tab.page.locator("details:has(> template.notesite-highlighted)").first.evaluate(
        "box => box.setAttribute('data-under-test', '')"  # the selector stops matching once open
    )
    box = tab.page.locator("details[data-under-test]")
    code = box.locator("div.highlight pre > code").first
    assert code.text_content() == ""
    written = box.locator("template").evaluate("t => t.content.textContent")
    assert len(written.splitlines()) > 3
    box.locator("summary").click()
    code.locator("span[class]").first.wait_for()  # `toggle` is dispatched after the click
    assert code.locator("span[class]").count() > 10
    assert code.text_content() == written
    assert box.locator("template").count() == 0
    block = box.locator("div.highlight pre").first
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip()
    assert not tab.console_errors


def test_notebook_page_shows_its_outputs(visit):
    """An executed notebook shows the output of its cells and rendered math."""
    need_example("docs/notebooks/dot-products.ipynb")
    tab = visit()
    tab.open("notebooks/dot-products/")
    text = tab.page.inner_text(".md-content")
    assert "loop: 9.000000  numpy: 9.000000" in text
    assert tab.page.locator(".jupyter-wrapper .katex").count() > 0


def test_missing_page_shows_the_404_page(visit):
    """A URL that does not exist gets the site's own 404 page."""
    tab = visit()
    response = tab.open("no/such/page/")
    assert response.status == 404
    assert "404" in tab.page.inner_text(".md-content")
    assert not tab.third_party


def test_learning_path_panel_is_one_line_on_a_phone_and_the_map_links_work(visit):
    """The folded "Where this note sits" takes little room on a phone; the concept map's
    boxes lead to the notes."""
    need_example("docs/notes/from-scratch/pca.md")
    tab = visit(viewport={"width": 390, "height": 844})
    tab.open("notes/from-scratch/pca/")
    panel = tab.page.locator("details.notesite-paths")
    assert panel.get_attribute("open") is None
    assert panel.bounding_box()["height"] < 110
    panel.locator("summary").click()
    assert panel.locator("dd a").count() >= 2
    tab.open("notes/map/")
    boxes = tab.page.locator("a.notesite-map-node")
    assert boxes.count() == len(note_pages())
    target = boxes.first.evaluate("a => a.href")
    response = tab.page.goto(target, wait_until="load")
    assert response.status == 200, target
    assert tab.page.locator("h1").count() == 1
    assert not tab.third_party and not tab.console_errors
