// The light/dark toggle, in place of Material's palette component, which on every page
// load marks <body> as switching colours (data-md-color-switching) and reads computed
// styles in between: three restyles of the whole page, 0.3 s of a phone's time on a long
// note. Here the page starts in the palette Material's inline script already applied, and
// the document is touched only when the reader switches. Same markup (partials/palette.html
// with data-notesite-palette for Material's data-md-component), same stored preference
// (__palette), so Material's inline script restores it on the next page.
(function () {
  var form = document.querySelector("[data-notesite-palette]");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));

  function colours(input) {
    var source = input;
    if (input.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
      // "Follow the system": the colours of the option for the system's preference.
      var light = matchMedia("(prefers-color-scheme: light)").matches;
      source = form.querySelector(
        light
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']"
      ) || input;
    }
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: source.getAttribute("data-md-color-scheme"),
      primary: source.getAttribute("data-md-color-primary"),
      accent: source.getAttribute("data-md-color-accent")
    };
  }

  function show(index) {
    // The toggle shown is the current option's label, which selects the next option.
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
  }

  function apply(index) {
    var colour = colours(inputs[index]);
    Object.keys(colour).forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, colour[key]);
    });
    show(index);
    __md_set("__palette", { index: index, color: colour });
  }

  var stored = __md_get("__palette");
  var index = stored && typeof stored.index === "number" ? stored.index : inputs.findIndex(function (input) {
    return matchMedia(input.getAttribute("data-md-color-media")).matches;
  });
  index = Math.max(0, Math.min(index, inputs.length - 1));
  inputs[index].checked = true;
  show(index);

  inputs.forEach(function (input, i) {
    input.addEventListener("change", function () { apply(i); });
  });
  // Enter on the toggle switches too, as with Material's (Space is the label's own).
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = (inputs.findIndex(function (input) { return input.checked; }) + 1) % inputs.length;
    inputs[next].click();
    inputs[next].focus();
  });
  // "Follow the system" follows it live.
  matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
    var current = inputs.findIndex(function (input) { return input.checked; });
    if (inputs[current].getAttribute("data-md-color-media") === "(prefers-color-scheme)") apply(current);
  });
})();
