// The IEP editor: autosave as you type, nothing lost, no silent overwrite.
//
// - Each form marked data-autosave posts only the fields that changed, with the value each field held
//   when the page loaded ("original-<name>"); the server writes a field only if nobody else changed it since.
// - Before a save is sent the text is kept in this browser (localStorage) and removed once the server has it:
//   a lost connection or a session that timed out loses nothing; the page offers the text back on reload.
// - A conflict (409) shows both texts; the editor keeps theirs or theirs, field by field.
(() => {
  "use strict";
  const forms = Array.from(document.querySelectorAll("form[data-autosave]"));
  if (!forms.length) return;
  const statusBox = document.getElementById("save-status");
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const storeKey = (form) => "openiep-unsaved:" + new URL(form.action, location.href).pathname;
  const pending = new Set();
  const timers = new WeakMap();
  const inConflict = new WeakMap(); // form → field names waiting for the editor's choice: not re-sent meanwhile
  const conflicted = (form) => inConflict.get(form) || new Set();

  function setStatus(text, problem) {
    if (!statusBox) return;
    statusBox.textContent = text;
    statusBox.classList.toggle("problem", Boolean(problem));
  }

  function controls(form, name) {
    return Array.from(form.elements).filter((el) => el.name === name);
  }

  function valueOf(form, name) {
    const els = controls(form, name);
    if (!els.length) return null;
    const first = els[0];
    if (first.type === "radio") {
      const checked = els.find((el) => el.checked);
      return checked ? checked.value : "";
    }
    if (first.type === "checkbox") return first.checked ? "true" : "false";
    return first.value;
  }

  function setValue(form, name, value) {
    controls(form, name).forEach((el) => {
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = value === "true";
      else el.value = value;
    });
  }

  function originalInput(form, name) {
    return form.querySelector(`input[type="hidden"][data-original-of="${CSS.escape(name)}"]`);
  }

  function fieldNames(form) {
    return Array.from(form.querySelectorAll("input[data-original-of]")).map((el) => el.dataset.originalOf);
  }

  const norm = (v) => (v || "").replace(/\r\n/g, "\n").trim();

  function changed(form) {
    const out = {};
    fieldNames(form).forEach((name) => {
      if (conflicted(form).has(name)) return;
      const now = valueOf(form, name);
      if (now !== null && norm(now) !== norm(originalInput(form, name).value)) out[name] = now;
    });
    return out;
  }

  function readStash(form) {
    try { return JSON.parse(localStorage.getItem(storeKey(form)) || "{}"); } catch (e) { return {}; }
  }

  function writeStash(form, stash) {
    try {
      if (Object.keys(stash.fields || {}).length) localStorage.setItem(storeKey(form), JSON.stringify(stash));
      else localStorage.removeItem(storeKey(form));
    } catch (e) { /* private mode: the server copy is the only one */ }
  }

  function stash(form, values) {
    const current = readStash(form);
    current.fields = current.fields || {};
    Object.entries(values).forEach(([name, value]) => {
      const base = current.fields[name] ? current.fields[name].original : originalInput(form, name).value;
      current.fields[name] = { value, original: base };
    });
    current.at = new Date().toISOString();
    writeStash(form, current);
  }

  function unstash(form, names) {
    const current = readStash(form);
    if (!current.fields) return;
    names.forEach((name) => delete current.fields[name]);
    writeStash(form, current);
  }

  function clearErrors(form, names) {
    names.forEach((name) => {
      controls(form, name).forEach((el) => el.removeAttribute("aria-invalid"));
      const error = form.querySelector(`[data-error-of="${CSS.escape(name)}"]`);
      if (error) error.remove();
    });
  }

  function showErrors(form, errors) {
    let first = null;
    Object.entries(errors).forEach(([name, messages]) => {
      const els = controls(form, name);
      const target = els.length ? els[els.length - 1] : null;
      const text = messages.join(" ");
      if (!target) {
        setStatus(`Not saved: ${text}`, true);
        return;
      }
      clearErrors(form, [name]);
      const p = document.createElement("p");
      p.className = "error";
      p.id = `autosave-error-${form.dataset.formIndex}-${name}`;
      p.dataset.errorOf = name;
      p.textContent = text;
      const group = target.closest(".field, fieldset") || target.parentElement;
      group.appendChild(p);
      els.forEach((el) => {
        el.setAttribute("aria-invalid", "true");
        const described = new Set((el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
        described.add(p.id);
        el.setAttribute("aria-describedby", Array.from(described).join(" "));
      });
      first = first || els[0];
    });
    return first;
  }

  function refreshChecks() {
    const panel = document.getElementById("completeness");
    if (panel && window.htmx) window.htmx.trigger(panel, "refresh");
  }

  async function save(form, values = null) {
    const fields = values || changed(form);
    const names = Object.keys(fields);
    if (!names.length) return;
    stash(form, fields);
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf());
    const section = form.querySelector('input[name="section"]');
    if (section) body.append("section", section.value);
    const saved = readStash(form).fields || {};
    names.forEach((name) => {
      body.append(name, fields[name]);
      body.append(`original-${name}`, saved[name] ? saved[name].original : originalInput(form, name).value);
    });
    pending.add(form);
    setStatus("Saving…");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin", redirect: "manual",
        headers: { Accept: "application/json", "X-CSRFToken": csrf() },
      });
    } catch (e) {
      pending.delete(form);
      setStatus("Not saved: the connection is down. Your text is kept on this computer and saved when it is back.", true);
      return;
    }
    pending.delete(form);
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      setStatus("Not saved: you are signed out. Your text is kept on this computer. Sign in again, then come back " +
                "to this page: it will offer your text back.", true);
      return;
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!data) {
      setStatus("Not saved: the server did not answer as expected. Your text is kept on this computer.", true);
      return;
    }
    Object.entries(data.values || {}).forEach(([name, value]) => {
      // What the server now holds is the new base, except for a field in conflict (its base is still ours).
      if (!(data.conflicts || []).some((c) => c.field === name)) originalInput(form, name).value = value;
    });
    if (data.status === "saved") {
      clearErrors(form, names);
      unstash(form, names);
      setStatus(`All changes saved at ${data.at}.`);
      refreshChecks();
    } else if (data.status === "conflict") {
      const clean = names.filter((n) => !data.conflicts.some((c) => c.field === n));
      unstash(form, clean);
      showConflict(form, data);
      setStatus("Not saved: someone else changed the same text. Compare the two below and choose.", true);
      refreshChecks();
    } else if (data.status === "invalid") {
      const first = showErrors(form, data.errors || {});
      setStatus("Not saved: correct the field marked below. Your text is kept.", true);
      if (first && !form.contains(document.activeElement)) first.focus();
    }
  }

  function showConflict(form, data) {
    const region = form.querySelector("[data-conflicts]");
    if (!region) return;
    inConflict.set(form, new Set([...conflicted(form), ...data.conflicts.map((c) => c.field)]));
    region.innerHTML = data.html;
    const box = region.querySelector("[data-conflict-box]");
    data.conflicts.forEach((conflict) => {
      const input = originalInput(form, conflict.field);
      region.querySelectorAll(`button[data-field="${CSS.escape(conflict.field)}"]`).forEach((button) => {
        button.addEventListener("click", () => {
          conflicted(form).delete(conflict.field);
          if (button.dataset.keep === "mine") {
            // I have seen their text and keep mine: their text becomes my base, mine is saved over it.
            input.value = conflict.theirs;
            const current = readStash(form);
            if (current.fields && current.fields[conflict.field]) current.fields[conflict.field].original = conflict.theirs;
            writeStash(form, current);
            save(form, { [conflict.field]: conflict.yours });
          } else {
            setValue(form, conflict.field, conflict.theirs);
            input.value = conflict.theirs;
            unstash(form, [conflict.field]);
            setStatus("Their text is kept.");
          }
          button.closest("[data-conflict-field]").remove();
          if (!region.querySelector("[data-conflict-field]")) region.innerHTML = "";
          const next = region.querySelector("button") || controls(form, conflict.field)[0];
          if (next) next.focus();
        });
      });
    });
    if (box) box.focus();
  }

  function schedule(form, delay) {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => save(form), delay));
  }

  function offerRestore() {
    const banner = document.getElementById("restore-banner");
    const waiting = forms.filter((form) => {
      const fields = readStash(form).fields || {};
      return Object.entries(fields).some(([name, entry]) => valueOf(form, name) !== null && norm(valueOf(form, name)) !== norm(entry.value));
    });
    if (!banner || !waiting.length) return;
    const at = readStash(waiting[0]).at;
    banner.hidden = false;
    banner.innerHTML = "";
    const p = document.createElement("p");
    p.textContent = `You typed text on this computer that was not saved${at ? " (" + new Date(at).toLocaleString() + ")" : ""}. ` +
                    "Restore it to save it now, or discard it.";
    const restore = document.createElement("button");
    restore.type = "button"; restore.className = "primary"; restore.textContent = "Restore my unsaved text";
    const discard = document.createElement("button");
    discard.type = "button"; discard.className = "secondary"; discard.textContent = "Discard it";
    banner.append(p, restore, " ", discard);
    restore.addEventListener("click", () => {
      waiting.forEach((form) => {
        const fields = readStash(form).fields || {};
        const values = {};
        Object.entries(fields).forEach(([name, entry]) => { setValue(form, name, entry.value); values[name] = entry.value; });
        save(form, values);
      });
      banner.hidden = true;
      setStatus("Restoring your text…");
    });
    discard.addEventListener("click", () => {
      waiting.forEach((form) => writeStash(form, {}));
      banner.hidden = true;
    });
  }

  forms.forEach((form, index) => {
    form.dataset.formIndex = String(index);
    form.addEventListener("input", (event) => {
      if (!event.target.name) return;
      stash(form, changed(form));
      schedule(form, 900);
    });
    form.addEventListener("change", () => schedule(form, 150));
    form.addEventListener("focusout", () => schedule(form, 50));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timers.get(form));
      save(form);
    });
  });

  window.addEventListener("online", () => forms.forEach((form) => { if (Object.keys(changed(form)).length) save(form); }));
  window.addEventListener("beforeunload", (event) => {
    if (pending.size || forms.some((form) => Object.keys(changed(form)).length)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  offerRestore();
})();
