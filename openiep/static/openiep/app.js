// Small behaviours that htmx does not cover. No inline scripts anywhere (a strict CSP is the goal).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});

function announce(text) {
  const live = document.getElementById("live-status");
  if (live && text) live.textContent = text;
}

// After an htmx swap: announce what changed to screen readers (WCAG 4.1.3) and, where the control
// the user pressed has gone (a removed row), move focus to the fragment's heading instead of the page top.
document.addEventListener("htmx:afterSettle", () => {
  const count = document.querySelector("#results [data-result-count]");
  if (count && count.dataset.resultCount !== count.dataset.announced) {
    announce(count.dataset.resultCount);
    count.dataset.announced = count.dataset.resultCount;
  }
  document.querySelectorAll("[data-announce]").forEach((el) => {
    announce(el.dataset.announce);
    el.removeAttribute("data-announce");
    const heading = el.querySelector("[data-focus-after-swap]");
    if (heading && !el.contains(document.activeElement)) heading.focus();
  });
});

// Servers name what changed in an HX-Trigger "announce" event (e.g. "12 staff members found").
document.body.addEventListener("announce", (event) => announce(event.detail.value));
