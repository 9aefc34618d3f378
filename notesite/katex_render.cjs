// Renders TeX to HTML with KaTeX for the build (notesite/math.py): one JSON request per
// line on stdin, {"tex": "...", "display": true}, one JSON answer per line on stdout,
// {"html": "..."} or {"error": "..."}. KaTeX comes from NOTESITE_KATEX (the package's
// folder, from the `katex_path` option) when set, else from Node's resolution from the
// project (its node_modules, or a folder above it), then the NODE_PATH folders.
const path = require("path");
const from = process.env.NOTESITE_KATEX;
const searched = [process.cwd(), ...(process.env.NODE_PATH || "").split(path.delimiter).filter(Boolean)];
const katex = require(from ? path.resolve(from) : require.resolve("katex", { paths: searched }));
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let answer;
  try {
    const { tex, display } = JSON.parse(line);
    answer = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
  } catch (error) {
    answer = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
