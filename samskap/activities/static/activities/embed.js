// The embeddable calendar tells the page that frames it how tall it is, so the frame can fit
// its content (see the loader, /aktiviteter/innebygd.js). Only a height is sent, so any
// parent may receive it; the loader accepts it only from the Samskap origin and its own frame.
(() => {
  "use strict";
  if (window.parent === window) {
    return;
  }
  const MESSAGE = "samskap:embed-height";
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      window.parent.postMessage({ type: MESSAGE, height }, "*");
    }
  };
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  } else {
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  post();
})();
