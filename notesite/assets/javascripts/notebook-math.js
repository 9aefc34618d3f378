// Notes and posts get their math rendered at build time (notesite/math.py). Notebook
// pages keep $...$ in their markdown cells: on those pages only, load KaTeX from the
// site itself and render it in the browser.
(function () {
  const here = document.currentScript.src;
  const loaded = {};

  function load(path) {
    if (!loaded[path]) {
      loaded[path] = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = new URL(path, here).href;
        script.onload = resolve;
        script.onerror = () => reject(new Error("could not load " + script.src));
        document.head.appendChild(script);
      });
    }
    return loaded[path];
  }

  document$.subscribe(({ body }) => {
    const notebooks = body.querySelectorAll(".jupyter-wrapper");
    if (!notebooks.length) return;
    load("../vendor/katex/katex.min.js")
      .then(() => load("../vendor/katex/auto-render.min.js"))
      .then(() => {
        for (const notebook of notebooks) {
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
  });
})();
