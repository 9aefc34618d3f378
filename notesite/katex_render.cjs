// Renders TeX to HTML with KaTeX for the build (notesite/katex.py): one JSON request per
// line on stdin, {"tex": "...", "display": true, "group": "..."}, one JSON answer per line
// on stdout, {"html": "..."} or {"error": "..."}. KaTeX comes from NOTESITE_KATEX (the
// package's folder, from the `katex_path` option) when set, else from Node's resolution
// from the project (its node_modules, or a folder above it), then the NODE_PATH folders.
//
// Formulas of one `group` (a notebook) share their macros, as a notebook's math does in
// Jupyter: \newcommand in one cell defines it for the cells after. Like MathJax there,
// \newcommand may also redefine a command KaTeX already has.
const path = require("path");
const from = process.env.NOTESITE_KATEX;
const searched = [process.cwd(), ...(process.env.NODE_PATH || "").split(path.delimiter).filter(Boolean)];
const katex = require(from ? path.resolve(from) : require.resolve("katex", { paths: searched }));
const readline = require("readline");

const groups = new Map();
const REDEFINE = /\\newcommand\{(\\[A-Za-z]+)\} attempting to redefine/;

function render(tex, display, group) {
  if (!group) return katex.renderToString(tex, { displayMode: display, throwOnError: true });
  if (!groups.has(group)) groups.set(group, {});
  const options = { displayMode: display, throwOnError: true, globalGroup: true, macros: groups.get(group) };
  for (;;) {
    try {
      return katex.renderToString(tex, options);
    } catch (error) {
      const name = REDEFINE.exec(String(error.message));
      if (!name) throw error;
      tex = tex.split(`\\newcommand{${name[1]}}`).join(`\\renewcommand{${name[1]}}`);
    }
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let answer;
  try {
    const { tex, display, group } = JSON.parse(line);
    answer = { html: render(tex, display, group) };
  } catch (error) {
    answer = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
