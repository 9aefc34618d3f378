// Material downloads the whole search index (the largest file of a page view) as soon as
// a page opens, yet most readers never search. Hold that one request back until the
// reader reaches for search: focuses or clicks it, or presses a search shortcut.
(function () {
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const held = [];
  let wanted = false;

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.isSearchIndex = String(url).includes("search/search_index.json");
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.isSearchIndex && !wanted) {
      held.push([this, args]);
      return;
    }
    return send.apply(this, args);
  };

  function release() {
    if (wanted) return;
    wanted = true;
    for (const [request, args] of held.splice(0)) send.apply(request, args);
  }

  const inSearch = (target) => target instanceof Element && target.closest('.md-search, label[for="__search"]');
  addEventListener("focusin", (event) => inSearch(event.target) && release(), true);
  addEventListener("pointerdown", (event) => inSearch(event.target) && release(), true);
  addEventListener("keydown", (event) => ["f", "s", "/"].includes(event.key) && release(), true);
  addEventListener("change", (event) => event.target.id === "__search" && release(), true);
})();
