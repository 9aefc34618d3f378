// Render the math that pymdownx.arithmatex (generic mode) marks up, on every page
// view, including those loaded by instant navigation.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    const source = element.textContent.trim();
    const display = element.tagName === "DIV";
    // arithmatex wraps inline math in \( \) and display math in \[ \].
    const tex = source.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, element, { displayMode: display, throwOnError: false });
  }
});
