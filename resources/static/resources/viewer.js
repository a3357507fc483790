// The in-site document viewer (issue 13): PDF.js (vendored pdfjs-dist, resources/static/resources/pdfjs/) renders
// one page at a time on a canvas with its text layer, opens at ?page=N, highlights the words of ?q= on the page,
// and moves between pages, occurrences and zoom levels with buttons or the keyboard. No inline script or style:
// it runs under the site's Content-Security-Policy (module worker from 'self', no eval).

const STOP = new Set(("a au aux avec ce ces dans de des du elle en et est il ils la le les leur lui mais me " +
  "ne ni nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous " +
  "the of and or to in for on with is are be by at an from").split(" "));
const ENDINGS = ["ements", "ement", "ations", "ation", "ees", "ee", "es", "er", "e"];

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function stem(word) {
  let w = word.replace(/[sx]$/, "");
  for (const ending of ENDINGS) {
    if (w.endsWith(ending) && w.length - ending.length >= 4) return w.slice(0, -ending.length);
  }
  return w;
}

// The words of a search query worth highlighting: no exclusions (-mot), operators or stop words.
export function queryTerms(q) {
  const terms = [];
  for (const raw of (q || "").split(/\s+/)) {
    if (!raw || raw.startsWith("-") || raw === "OR" || raw === "OU") continue;
    for (const part of fold(raw).split(/[^\p{L}\p{N}]+/u)) {
      if (part.length > 1 && !STOP.has(part) && !terms.includes(stem(part))) terms.push(stem(part));
    }
  }
  return terms;
}

function matches(word, terms) {
  const folded = fold(word);
  const s = stem(folded);
  return terms.some((t) => s === t || (t.length >= 5 && folded.startsWith(t)));
}

// [start, end) ranges of the words of `text` that match `terms`.
function ranges(text, terms) {
  const out = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (matches(m[0], terms)) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

class Viewer {
  constructor(root) {
    this.root = root;
    this.el = (role) => root.querySelector(`[data-role="${role}"]`);
    this.terms = queryTerms(root.dataset.q);
    this.pageNumber = Math.max(1, parseInt(root.dataset.page, 10) || 1);
    this.scale = null; // null: fit the page to the stage's width
    this.counts = new Map(); // page number -> occurrences on that page
    this.marks = [];
    this.current = -1; // index of the current occurrence on the page
    this.rendering = null;
  }

  async open() {
    const pdfjs = await import(this.root.dataset.pdfjs);
    pdfjs.GlobalWorkerOptions.workerSrc = this.root.dataset.worker;
    this.pdfjs = pdfjs;
    this.pdf = await pdfjs.getDocument({ url: this.root.dataset.file, isEvalSupported: false }).promise;
    this.el("page-count").textContent = String(this.pdf.numPages);
    this.el("page-input").max = String(this.pdf.numPages);
    this.pageNumber = Math.min(this.pageNumber, this.pdf.numPages);
    this.bind();
    this.root.classList.add("is-ready");
    await this.show(this.pageNumber, { focusMatch: 0 });
    if (this.terms.length) this.countAll();
  }

  bind() {
    const actions = {
      "prev-page": () => this.show(this.pageNumber - 1),
      "next-page": () => this.show(this.pageNumber + 1),
      "zoom-in": () => this.zoom(1.25),
      "zoom-out": () => this.zoom(0.8),
      "zoom-fit": () => { this.scale = null; this.show(this.pageNumber); },
      "next-match": () => this.nextMatch(1),
      "prev-match": () => this.nextMatch(-1),
    };
    for (const button of this.root.querySelectorAll("[data-action]")) {
      button.addEventListener("click", () => actions[button.dataset.action]());
    }
    const input = this.el("page-input");
    input.addEventListener("change", () => this.show(parseInt(input.value, 10) || 1));
    this.root.addEventListener("keydown", (event) => {
      if (event.target.matches("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
      const key = { ArrowLeft: "prev-page", PageUp: "prev-page", ArrowRight: "next-page", PageDown: "next-page",
        "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", n: "next-match", N: "prev-match" }[event.key];
      if (key === "prev-page" || key === "next-page") {
        const stage = this.el("page").parentElement;
        const atEdge = key === "next-page"
          ? stage.scrollTop + stage.clientHeight >= stage.scrollHeight - 2 || event.key !== "PageDown"
          : stage.scrollTop <= 0 || event.key !== "PageUp";
        if (!atEdge) return;
      }
      if (key && (this.terms.length || !key.endsWith("match"))) {
        event.preventDefault();
        actions[key]();
      }
    });
    let resized;
    window.addEventListener("resize", () => {
      clearTimeout(resized);
      resized = setTimeout(() => { if (this.scale === null) this.show(this.pageNumber); }, 200);
    });
  }

  zoom(factor) {
    this.scale = Math.min(4, Math.max(0.25, (this.scale || this.fitScale || 1) * factor));
    this.show(this.pageNumber);
  }

  async show(number, { focusMatch = null } = {}) {
    number = Math.min(Math.max(1, number), this.pdf.numPages);
    const previous = this.rendering;
    if (previous) previous.cancel();
    const page = await this.pdf.getPage(number);
    const stage = this.el("page").parentElement;
    const base = page.getViewport({ scale: 1 });
    // the stage's padding, and room for the vertical scroll bar that a page taller than the stage brings
    // (phones overlay their scroll bars: the page takes the screen's width)
    const gutter = window.matchMedia("(pointer: coarse), (max-width: 600px)").matches ? 12 : 36;
    this.fitScale = Math.max(0.25, (stage.clientWidth - gutter) / base.width);
    const viewport = page.getViewport({ scale: this.scale || this.fitScale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = this.el("canvas");
    const box = this.el("page");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    box.style.width = `${Math.floor(viewport.width)}px`;
    box.style.height = `${Math.floor(viewport.height)}px`;
    box.style.setProperty("--scale-factor", String(viewport.scale));
    const task = page.render({
      canvasContext: canvas.getContext("2d"),
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
    });
    this.rendering = task;
    const text = this.el("text");
    text.replaceChildren();
    const layer = new this.pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport });
    try {
      await Promise.all([task.promise, layer.render()]);
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") return;
      throw error;
    }
    this.pageNumber = number;
    const percent = Math.round(viewport.scale * 100);
    const fits = percent === Math.round(this.fitScale * 100);
    this.el("zoom").textContent = `${percent} %${fits ? " (largeur)" : ""}`;
    this.el("page-input").value = String(number);
    this.root.dataset.shownPage = String(number);
    this.remember();
    this.highlight(layer.textDivs, focusMatch);
  }

  // The address keeps the page shown, so a copied link reopens it there.
  remember() {
    const url = new URL(window.location.href);
    if (this.pageNumber > 1) url.searchParams.set("page", String(this.pageNumber));
    else url.searchParams.delete("page");
    url.hash = "";
    window.history.replaceState(null, "", url);
  }

  highlight(divs, focusMatch) {
    this.marks = [];
    this.current = -1;
    if (!this.terms.length) return;
    for (const div of divs) {
      const text = div.textContent;
      const found = ranges(text, this.terms);
      if (!found.length) continue;
      const parts = [];
      let at = 0;
      for (const [start, end] of found) {
        if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
        const mark = document.createElement("span");
        mark.className = "highlight";
        mark.dataset.term = String(this.terms.findIndex((t) => matches(text.slice(start, end), [t])));
        mark.textContent = text.slice(start, end);
        parts.push(mark);
        this.marks.push(mark);
        at = end;
      }
      if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
      div.replaceChildren(...parts);
    }
    this.counts.set(this.pageNumber, this.marks.length);
    if (focusMatch === 0 && this.marks.length) {
      this.select(this.passageStart());
    } else if (focusMatch !== null && this.marks.length) {
      this.select(focusMatch < 0 ? this.marks.length + focusMatch : focusMatch);
    } else {
      this.status();
    }
  }

  // Where the passage most likely is: the first occurrence of the rarest word of the query on this page
  // (« statistics » rather than the many « trace » of a page).
  passageStart() {
    const counts = new Map();
    for (const mark of this.marks) counts.set(mark.dataset.term, (counts.get(mark.dataset.term) || 0) + 1);
    const rarest = [...counts.entries()].sort((a, b) => a[1] - b[1])[0][0];
    return this.marks.findIndex((mark) => mark.dataset.term === rarest);
  }

  select(index) {
    if (this.marks[this.current]) this.marks[this.current].classList.remove("selected");
    this.current = index;
    const mark = this.marks[index];
    mark.classList.add("selected");
    mark.scrollIntoView({ block: "center", inline: "nearest" });
    this.status();
  }

  status() {
    const here = this.marks.length;
    let text;
    if (!here) text = `Aucune occurrence sur cette page`;
    else if (this.current >= 0) text = `Occurrence ${this.current + 1} sur ${here} dans cette page`;
    else text = `${here} occurrence${here > 1 ? "s" : ""} sur cette page`;
    if (this.total !== undefined) text += ` · ${this.total} dans le document`;
    this.el("match-status").textContent = text;
  }

  async pageCount(number) {
    if (!this.counts.has(number)) {
      const page = await this.pdf.getPage(number);
      const content = await page.getTextContent();
      this.counts.set(number, content.items.reduce((n, item) => n + ranges(item.str || "", this.terms).length, 0));
    }
    return this.counts.get(number);
  }

  async countAll() {
    let total = 0;
    for (let n = 1; n <= this.pdf.numPages; n += 1) total += await this.pageCount(n);
    this.total = total;
    this.status();
  }

  async nextMatch(step) {
    const next = this.current + step;
    if (next >= 0 && next < this.marks.length) {
      this.select(next);
      return;
    }
    const last = this.pdf.numPages;
    for (let i = 1; i <= last; i += 1) {
      const number = ((this.pageNumber - 1 + step * i) % last + last) % last + 1;
      if ((await this.pageCount(number)) > 0) {
        await this.show(number, { focusMatch: step > 0 ? 0 : -1 });
        return;
      }
    }
  }
}

for (const root of document.querySelectorAll("[data-pdf-viewer]")) {
  const viewer = new Viewer(root);
  viewer.open().catch((error) => {
    root.classList.add("has-failed");
    const fallback = root.querySelector('[data-role="fallback"]');
    fallback.textContent = "Le document n'a pas pu être affiché dans le site. ";
    const link = document.createElement("a");
    link.href = `${root.dataset.file}#page=${viewer.pageNumber}`;
    link.textContent = `Ouvrir le fichier à la page ${viewer.pageNumber}`;
    fallback.append(link);
    console.error(error);
  });
}
