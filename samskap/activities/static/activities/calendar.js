// Progressive enhancement for the calendar; the page works without this file.
// After htmx replaces the results through a pagination link, move focus to the results heading,
// so keyboard and screen-reader users continue from the top of the new page of results.
document.addEventListener("htmx:afterSwap", (event) => {
  const trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (event.detail.target.id === "results" && trigger && trigger.matches("[data-focus-results]")) {
    const heading = document.getElementById("results-heading");
    if (heading) {
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    }
  }
});
