// Flashcards: one question at a time, scheduled by FSRS (ts-fsrs), progress in localStorage.
// Cards are identified by a hash of their question, so editing an answer keeps its schedule.
(function () {
  const STORAGE_KEY = "notesite-flashcards-v1";
  const RATINGS = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  let onKey = null;

  function loadScheduler(root) {
    if (window.FSRS) return Promise.resolve(window.FSRS);
    // Only this page needs the scheduler: load it on demand, from the site itself.
    const self = document.querySelector('script[src*="javascripts/flashcards.js"]');
    const src = new URL("../vendor/ts-fsrs/index.umd.js", self.src).href;
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.FSRS);
      script.onerror = () => reject(new Error("could not load " + src));
      root.appendChild(script);
    });
  }

  function readState() {
    try {
      const state = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
      return { cards: state.cards || {}, topic: state.topic || "" };
    } catch (error) {
      return { cards: {}, topic: "" };  // unreadable progress starts afresh
    }
  }

  function writeState(state) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  }

  function start(root, FSRS) {
    const scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false }));
    const elements = Array.from(root.querySelectorAll(".flashcard"));
    const topicSelect = root.querySelector("#flashcards-topic");
    const dueLabel = root.querySelector("#flashcards-due");
    const empty = root.querySelector("#flashcards-empty");
    const reveal = root.querySelector("#flashcards-reveal");
    const grades = root.querySelector(".flashcards-grades");
    let state = readState();
    let current = null;

    // A card never reviewed is due from the start of time, so every new card is due now.
    const cardOf = (id) => (state.cards[id] ? FSRS.TypeConvert.card(state.cards[id]) : FSRS.createEmptyCard(new Date(0)));
    // A topic, or "note:<page>": that note's cards and those of every note it requires.
    const inTopic = (el) => {
      if (!state.topic) return true;
      if (!state.topic.startsWith("note:")) return el.dataset.topic === state.topic;
      const option = topicSelect.selectedOptions[0];
      return (option ? option.dataset.notes || "" : "").split(" ").includes(el.dataset.note);
    };
    const endOfToday = () => { const d = new Date(); d.setHours(23, 59, 59, 999); return d; };

    function show() {
      const now = new Date();
      const pool = elements.filter(inTopic);
      const dueToday = pool.filter((el) => cardOf(el.dataset.card).due <= endOfToday());
      const dueNow = pool
        .map((el) => ({ el, card: cardOf(el.dataset.card) }))
        .filter(({ card }) => card.due <= now)
        .sort((a, b) => a.card.due - b.card.due);
      dueLabel.textContent = `${dueToday.length} due today · ${pool.length} cards`;
      elements.forEach((el) => { el.hidden = true; el.classList.remove("revealed"); });
      grades.hidden = true;
      current = dueNow.length ? dueNow[0].el : null;
      if (!current) {
        const next = pool.map((el) => cardOf(el.dataset.card).due).sort((a, b) => a - b)[0];
        empty.textContent = next ? `Nothing due now. Next review: ${next.toLocaleString()}.` : "No cards in this topic.";
        empty.hidden = false;
        reveal.hidden = true;
        return;
      }
      empty.hidden = true;
      current.hidden = false;
      reveal.hidden = false;
      reveal.focus({ preventScroll: true });
    }

    function showAnswer() {
      if (!current || current.classList.contains("revealed")) return;
      current.classList.add("revealed");
      reveal.hidden = true;
      grades.hidden = false;
      grades.querySelector('[data-grade="3"]').focus({ preventScroll: true });
    }

    function grade(rating) {
      if (!current || !current.classList.contains("revealed")) return;
      const id = current.dataset.card;
      const result = scheduler.next(cardOf(id), new Date(), rating);
      state.cards[id] = result.card;
      writeState(state);
      show();
    }

    topicSelect.value = state.topic;
    if (topicSelect.value !== state.topic) state.topic = "";  // a saved choice no longer offered
    topicSelect.addEventListener("change", () => { state.topic = topicSelect.value; writeState(state); show(); });
    reveal.addEventListener("click", showAnswer);
    grades.querySelectorAll("[data-grade]").forEach((button) =>
      button.addEventListener("click", () => grade(Number(button.dataset.grade))));
    root.querySelector("#flashcards-reset").addEventListener("click", () => {
      if (!confirm("Forget all flashcard progress in this browser?")) return;
      localStorage.removeItem(STORAGE_KEY);
      state = readState();
      topicSelect.value = "";
      show();
    });
    onKey = (event) => {
      if (event.target.closest("input, select, textarea")) return;
      if (event.key === " ") { event.preventDefault(); showAnswer(); }
      else if (RATINGS[event.key]) { event.preventDefault(); grade(Number(event.key)); }
    };
    document.addEventListener("keydown", onKey);
    root.classList.add("ready");
    show();
  }

  document$.subscribe(() => {
    if (onKey) { document.removeEventListener("keydown", onKey); onKey = null; }
    const root = document.getElementById("flashcards");
    if (!root) return;
    loadScheduler(root).then((FSRS) => start(root, FSRS)).catch((error) => {
      root.querySelector("#flashcards-empty").textContent = "The scheduler did not load: " + error.message;
      root.querySelector("#flashcards-empty").hidden = false;
    });
  });
})();
