// Progressive enhancement only: every page works without this file.
// Filter forms marked data-autosubmit submit themselves (through htmx when present) on change.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && !event.target.matches("[type=search], [type=text]")) {
    form.requestSubmit();
  }
});
