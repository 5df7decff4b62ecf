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

// The CSRF token from its cookie when there is one: after signing in again in another tab the token changes,
// and the page still holding the user's text must send the new one when they save.
function csrfCookie() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}
document.addEventListener("htmx:configRequest", (event) => {
  const token = csrfCookie();
  if (token) event.detail.headers["X-CSRFToken"] = token;
});
// Capture phase: before htmx reads the form's fields (and before a plain form is sent).
document.addEventListener("submit", (event) => {
  const field = event.target.querySelector && event.target.querySelector('input[name="csrfmiddlewaretoken"]');
  const token = csrfCookie();
  if (field && token) field.value = token;
}, true);

// A session that ended while the page was open (401 from the server): say so at the top of the page and
// keep everything the user typed where it is. Signing in happens in a new tab; then "save" works here again.
document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  if (!xhr || xhr.status !== 401) return;
  let info = { message: "You were signed out. What you typed is still on this page: sign in again in a new tab, then save.",
               sign_in_url: "/sign-in/" };
  try { info = Object.assign(info, JSON.parse(xhr.responseText)); } catch (e) { /* keep the default words */ }
  let banner = document.getElementById("signed-out-banner");
  if (!banner) {
    banner = document.createElement("div");
    banner.id = "signed-out-banner";
    banner.className = "signed-out-banner";
    banner.setAttribute("role", "alert");
    const text = document.createElement("p");
    const link = document.createElement("a");
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Sign in again (opens a new tab)";
    banner.append(text, link);
    const main = document.getElementById("main");
    if (main) main.prepend(banner);
  }
  banner.querySelector("p").textContent = info.message;
  banner.querySelector("a").href = info.sign_in_url;
  announce(info.message);
});
