// The live plan panel and the lots table of the tender form. Plain JavaScript: the server
// does every check and every sum (/api/plan); this file only sends the form and shows the answer.
"use strict";

(function () {
  const form = document.getElementById("tender");
  if (!form) return;
  const panel = document.getElementById("plan-panel");
  const lotsBody = document.getElementById("lots-body");
  const lotsTable = document.getElementById("lots-table");
  const template = document.getElementById("lot-template");
  const profiles = JSON.parse(document.getElementById("profiles-data").textContent);
  const touched = new Set();
  let showAll = form.dataset.showErrors === "1";
  let timer = null;
  let sequence = 0;
  let controller = null;

  // ------------------------------------------------------------------ live plan

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(update, delay === undefined ? 250 : delay);
  }

  async function update() {
    const mine = ++sequence;
    if (controller) controller.abort();
    controller = new AbortController();
    panel.setAttribute("aria-busy", "true");
    let data;
    try {
      const response = await fetch(form.dataset.planUrl, {
        method: "POST",
        body: new FormData(form),
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      data = await response.json();
    } catch (error) {
      if (error.name === "AbortError") return;
      data = { ok: false, errors: {}, general: ["De server is niet bereikbaar. Draait clausegen serve nog?"], panel: null };
    }
    if (mine !== sequence) return; // a newer request is on its way
    panel.setAttribute("aria-busy", "false");
    if (data.panel) {
      panel.innerHTML = data.panel; // rendered and escaped by the server's templates
      const explain = panel.querySelector("details.explain");
      if (explain && explainOpen) explain.open = true;
    } else {
      panel.replaceChildren(messageBlock(data.general || []));
    }
    panel.dataset.ok = data.ok ? "1" : "0";
    announce(data.ok && data.view ? `Totale verplichting ${data.view.total_obligation}` : "Plan nog niet compleet");
    const summary = document.getElementById("form-errors");
    if (summary && touched.size) summary.remove(); // the messages beside the fields are live now
    showErrors(data.errors || {});
  }

  // The reasons stay open (or closed) as the buyer left them, across updates.
  let explainOpen = false;
  panel.addEventListener(
    "toggle",
    (event) => {
      if (event.target.matches("details.explain")) explainOpen = event.target.open;
    },
    true,
  );

  // Screen readers hear the total when it changes, not the whole panel on every key.
  const status = document.getElementById("plan-status");
  function announce(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function messageBlock(messages) {
    const box = document.createElement("div");
    box.className = "plan";
    for (const text of messages) {
      const p = document.createElement("p");
      p.className = "field-error";
      p.textContent = text;
      box.appendChild(p);
    }
    return box;
  }

  function showErrors(errors) {
    for (const slot of form.querySelectorAll("[data-error-for]")) {
      const name = slot.dataset.errorFor;
      const messages = showAll || touched.has(name) ? errors[name] || [] : [];
      slot.textContent = messages.join(" ");
      const holder = slot.closest("[data-field]");
      if (holder) holder.classList.toggle("invalid", messages.length > 0);
      for (const input of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  }

  function fieldName(target) {
    if (!target || !target.name) return null;
    return target.name;
  }

  form.addEventListener("input", (event) => {
    const name = fieldName(event.target);
    if (name) touched.add(name);
    schedule();
  });
  form.addEventListener("change", (event) => {
    const name = fieldName(event.target);
    if (name) touched.add(name);
    if (name === "category") categoryChanged();
    schedule(0);
  });
  form.addEventListener("focusout", (event) => {
    // leaving a field shows what is wrong with it, even if nothing was typed
    const name = fieldName(event.target);
    if (name && !touched.has(name) && event.target.type !== "submit") {
      touched.add(name);
      schedule(0);
    }
  });
  // Asking for a download shows every message on the page that comes back, if any.
  form.addEventListener("submit", () => {
    showAll = true;
  });

  // ------------------------------------------------------------------ category

  function categoryChanged() {
    const profile = profiles[form.elements.category.value];
    const share = document.getElementById("labour-share-field");
    const shareInput = document.getElementById("f-labour_share");
    const asks = Boolean(profile && profile.labour_share);
    share.hidden = !asks;
    shareInput.disabled = !asks;
    const fieldset = document.getElementById("groups-fieldset");
    const list = document.getElementById("groups-list");
    list.replaceChildren();
    fieldset.hidden = !profile;
    if (!profile) return;
    const shown = document.createElement("input");
    shown.type = "hidden";
    shown.name = "target_groups_shown";
    shown.value = "1";
    list.appendChild(shown);
    for (const group of profile.groups) {
      const label = document.createElement("label");
      label.className = "choice";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "target_groups";
      box.value = group.id;
      box.checked = true;
      label.append(box, " " + group.label);
      list.appendChild(label);
    }
  }

  // ------------------------------------------------------------------ lots

  function nextIndex() {
    let highest = -1;
    for (const row of lotsBody.querySelectorAll("tr.lot")) {
      highest = Math.max(highest, Number(row.dataset.index));
    }
    return highest + 1;
  }

  function nextLotNumber() {
    let highest = 0;
    for (const input of lotsBody.querySelectorAll("td.lot-id input")) {
      if (/^\d+$/.test(input.value)) highest = Math.max(highest, Number(input.value));
    }
    return highest + 1;
  }

  function addLot() {
    const index = nextIndex();
    const number = nextLotNumber();
    const html = template.innerHTML.replaceAll("__i__", String(index));
    const holder = document.createElement("tbody");
    holder.innerHTML = html; // our own template: no user text in it
    const row = holder.querySelector("tr");
    row.querySelector("td.lot-id input").value = String(number);
    lotsBody.appendChild(row);
    lotsTable.hidden = false;
    touched.add("lots");
    row.querySelector("td.lot-title input").focus();
    schedule(0);
  }

  function removeLot(row) {
    row.remove();
    lotsTable.hidden = lotsBody.querySelectorAll("tr.lot").length === 0;
    touched.add("lots");
    schedule(0);
  }

  document.getElementById("add-lot").addEventListener("click", (event) => {
    event.preventDefault();
    addLot();
  });
  lotsBody.addEventListener("click", (event) => {
    const button = event.target.closest("button.remove");
    if (!button) return;
    event.preventDefault();
    removeLot(button.closest("tr.lot"));
  });

  // Enter in a field recalculates in place instead of posting the page.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.type !== "submit") {
      event.preventDefault();
      schedule(0);
    }
  });

  // Choosing a file to open reads it at once.
  const upload = document.getElementById("f-tender_file");
  if (upload) upload.addEventListener("change", () => upload.form.requestSubmit());

  // Every remove button says which lot it removes (unique accessible names).
  function labelRemoveButtons() {
    const rows = Array.from(lotsBody.querySelectorAll("tr.lot"));
    const ids = rows.map((row) => row.querySelector("td.lot-id input").value.trim());
    rows.forEach((row, position) => {
      const id = ids[position];
      const unique = id && ids.indexOf(id) === ids.lastIndexOf(id);
      const name = unique ? `Perceel ${id} verwijderen` : `Perceel op regel ${position + 1} verwijderen`;
      row.querySelector("button.remove").setAttribute("aria-label", name);
    });
  }
  lotsBody.addEventListener("input", labelRemoveButtons);
  new MutationObserver(labelRemoveButtons).observe(lotsBody, { childList: true });
  labelRemoveButtons();

  // After a submit the server refused, focus goes to the summary of what to fix.
  const refused = document.getElementById("form-errors");
  if (refused) refused.focus();

  document.getElementById("calc").hidden = true; // the plan updates by itself
  if (showAll || form.elements.category.value) schedule(0);
})();
