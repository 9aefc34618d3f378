// A folded "The code: ..." box ships its code plain, with the syntax-highlighted copy in a
// <template> beside it: the thousands of highlighting elements of a long snippet are
// styled and laid out only when a reader opens the box, not on every page load (on the
// longest note this took Lighthouse's mobile performance from 78 to 87). The copy button
// copies the same text either way. `toggle` does not bubble, so listen while capturing.
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
