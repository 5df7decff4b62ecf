// Small behaviours that htmx does not cover. No inline scripts anywhere (a strict CSP is the goal).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
// Announce htmx swaps of result lists to screen readers through the live region they carry.
document.addEventListener("htmx:afterSwap", (event) => {
  const status = event.detail.target.querySelector("[data-result-count]");
  const live = document.getElementById("live-status");
  if (status && live) live.textContent = status.dataset.resultCount;
});
