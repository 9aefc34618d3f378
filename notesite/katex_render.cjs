// Renders TeX to HTML with KaTeX for the build (notesite/math.py): one JSON request per
// line on stdin, {"tex": "...", "display": true}, one JSON answer per line on stdout,
// {"html": "..."} or {"error": "..."}. KaTeX comes from NOTESITE_KATEX (the package's
// folder) when set, else from the project's node_modules (Node's resolution from the cwd).
const from = process.env.NOTESITE_KATEX;
const katex = require(from ? require("path").resolve(from) : require.resolve("katex", { paths: [process.cwd()] }));
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
