// Render math with KaTeX, served from the site itself, on every page view (instant
// navigation included). Notes and posts: what pymdownx.arithmatex (generic mode) marks
// up. Notebook pages: the $...$ that mkdocs-jupyter leaves in markdown cells.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    if (element.querySelector(".katex")) continue;
    const source = element.textContent.trim();
    // arithmatex wraps inline math in \( \) and display math in \[ \].
    const tex = source.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, element, { displayMode: element.tagName === "DIV", throwOnError: false });
  }
  for (const notebook of body.querySelectorAll(".jupyter-wrapper")) {
    renderMathInElement(notebook, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      ignoredClasses: ["highlight-ipynb", "jp-OutputArea"],
      throwOnError: false,
    });
  }
});
