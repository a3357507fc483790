// Multiple choosers (territories, actors, resources…) keep what was ticked across searches and pages: Wagtail
// replaces the results on each search, which dropped the ticks of the previous one. Ticked rows are remembered
// per modal; those not on screen travel as hidden inputs, and the modal lists the whole selection.
(() => {
  "use strict";
  const selections = new WeakMap();
  const selectionOf = (form) => {
    if (!selections.has(form)) selections.set(form, new Map());
    return selections.get(form);
  };
  const labelOf = (box) => {
    const row = box.closest("tr");
    const cell = row && row.querySelector("td:nth-child(2)");
    return cell ? cell.textContent.trim().replace(/\s+/g, " ") : box.value;
  };

  const render = (form) => {
    const selection = selectionOf(form);
    const submit = form.querySelector("[data-multiple-choice-submit]");
    let holder = form.querySelector("[data-kept-selection]");
    if (!holder) {
      holder = document.createElement("div");
      holder.setAttribute("data-kept-selection", "");
      holder.setAttribute("aria-live", "polite");
      holder.className = "help-block help-info kept-selection";
      form.insertBefore(holder, submit);
    }
    const shown = new Set(
      Array.from(form.querySelectorAll("#search-results [data-multiple-choice-select]"), (box) => box.value),
    );
    holder.replaceChildren();
    if (selection.size) {
      const text = document.createElement("p");
      const count = selection.size;
      text.textContent = `${count} sélectionné${count > 1 ? "s" : ""} : ${Array.from(selection.values()).join(" ; ")}`;
      holder.append(text);
    }
    holder.hidden = selection.size === 0;
    selection.forEach((_, id) => {
      if (shown.has(id)) return;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "id";
      input.value = id;
      holder.append(input);
    });
    if (submit) submit.disabled = selection.size === 0;
  };

  const restore = (form) => {
    const selection = selectionOf(form);
    form.querySelectorAll("#search-results [data-multiple-choice-select]").forEach((box) => {
      box.checked = selection.has(box.value);
    });
    render(form);
  };

  document.addEventListener("change", (event) => {
    const box = event.target.closest && event.target.closest("[data-multiple-choice-select]");
    const form = box && box.closest("form[data-multiple-choice-form]");
    if (!form) return;
    const selection = selectionOf(form);
    if (box.checked) selection.set(box.value, labelOf(box));
    else selection.delete(box.value);
    render(form);
  });

  new MutationObserver((mutations) => {
    const forms = new Set();
    mutations.forEach((mutation) => {
      const target = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
      const results = target && target.closest("#search-results");
      const form = results && results.closest("form[data-multiple-choice-form]");
      if (form) forms.add(form);
    });
    forms.forEach(restore);
  }).observe(document.body, { childList: true, subtree: true });
})();
