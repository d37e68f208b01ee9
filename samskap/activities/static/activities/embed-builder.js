// Progressive enhancement for the snippet builder; the page works without this file.
// - "Copy" buttons copy a snippet (they stay hidden without JavaScript).
// - The preview frame grows to fit the embedded calendar, as the loader does on partner sites.
(() => {
  "use strict";
  const status = () => document.getElementById("embed-copy-status");

  const showButtons = () => {
    for (const button of document.querySelectorAll("button[data-copy][hidden]")) {
      button.hidden = false;
    }
  };

  const copy = async (field) => {
    try {
      await navigator.clipboard.writeText(field.value);
      return true;
    } catch {
      field.focus();
      field.select();
      return document.execCommand && document.execCommand("copy");
    }
  };

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) {
      return;
    }
    const field = document.getElementById(button.dataset.copy);
    const region = status();
    if (!field || !region) {
      return;
    }
    const copied = await copy(field);
    region.textContent = copied ? region.dataset.copied : region.dataset.failed;
  });

  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== "samskap:embed-height") {
      return;
    }
    for (const frame of document.querySelectorAll("iframe[data-embed-preview]")) {
      if (frame.contentWindow === event.source) {
        const height = Number(event.data.height);
        if (Number.isFinite(height) && height > 0 && height < 100000) {
          frame.style.height = `${Math.ceil(height) + 2}px`;
        }
      }
    }
  });

  document.addEventListener("DOMContentLoaded", showButtons);
  document.addEventListener("htmx:afterSettle", showButtons);
})();
