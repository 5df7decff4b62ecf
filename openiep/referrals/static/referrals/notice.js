// The notice's print button: shown only where scripts run (otherwise the browser's Print command works as usual).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
