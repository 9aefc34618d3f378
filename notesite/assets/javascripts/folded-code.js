// A folded "The code: ..." box ships an empty code block and the highlighted code in a
// <template> beside it: the thousands of highlighting elements of a long snippet are
// styled and laid out only when a reader opens the box, not on every page load (on the
// longest note, Lighthouse's mobile performance went from 78 to 87). The copy button, usable
// once the box is open, copies the code. `toggle` does not bubble: listen while capturing.
document.addEventListener(
  "toggle",
  (event) => {
    const box = event.target;
    if (!(box instanceof HTMLDetailsElement) || !box.open) return;
    for (const template of box.querySelectorAll(":scope > template.notesite-highlighted")) {
      const code = template.previousElementSibling?.querySelector("pre > code");
      if (code) code.replaceChildren(template.content);
      template.remove();
    }
  },
  true,
);
