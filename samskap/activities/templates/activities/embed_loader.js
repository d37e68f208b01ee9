{% autoescape off %}/* Samskap: the activity calendar on your website.
 *
 *   <script src="{{ example_src }}" data-municipality="4003" data-limit="5" async></script>
 *
 * inserts a frame with the calendar right after the script tag. Filters go in data-
 * attributes (data-municipality, data-county, data-organiser, data-venue, data-theme,
 * data-target-group, data-language, data-free, data-access, data-q, data-limit, data-lang);
 * data-title names the frame for screen readers. The frame grows to fit its content.
 * No dependencies, no cookies.
 */
(function () {
  "use strict";
  var ORIGIN = {{ origin }};
  var EMBED_PATH = {{ embed_path }};
  var SCRIPT_PATH = {{ script_path }};
  var KEYS = {{ keys }};
  var DEFAULT_TITLE = {{ title }};
  var MESSAGE = {{ message }};
  var DONE = "data-samskap-embedded";

  function scripts() {
    var current = document.currentScript;
    if (current && !current.hasAttribute(DONE)) {
      return [current];
    }
    // Browsers without document.currentScript: every Samskap script not yet handled.
    var found = [];
    var all = document.getElementsByTagName("script");
    for (var i = 0; i < all.length; i++) {
      var src = all[i].getAttribute("src") || "";
      if (src.indexOf(ORIGIN) === 0 && src.indexOf(SCRIPT_PATH) !== -1 && !all[i].hasAttribute(DONE)) {
        found.push(all[i]);
      }
    }
    return found;
  }

  function query(script) {
    var params = [];
    for (var i = 0; i < KEYS.length; i++) {
      var key = KEYS[i];
      var value = script.getAttribute("data-" + key.replace(/_/g, "-"));
      if (value === null) {
        continue;
      }
      var values = key === "access" ? value.split(",") : [value];
      for (var j = 0; j < values.length; j++) {
        var item = values[j].replace(/^\s+|\s+$/g, "");
        if (item) {
          params.push(encodeURIComponent(key) + "=" + encodeURIComponent(item));
        }
      }
    }
    return params.length ? "?" + params.join("&") : "";
  }

  function embed(script) {
    script.setAttribute(DONE, "");
    var frame = document.createElement("iframe");
    frame.src = ORIGIN + EMBED_PATH + query(script);
    frame.title = script.getAttribute("data-title") || DEFAULT_TITLE;
    frame.setAttribute("loading", "lazy");
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.maxWidth = "100%";
    frame.style.height = "30rem";
    frame.style.border = "0";
    script.parentNode.insertBefore(frame, script.nextSibling);
    window.addEventListener("message", function (event) {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) {
        return;
      }
      var data = event.data;
      if (!data || data.type !== MESSAGE) {
        return;
      }
      var height = Number(data.height);
      if (isFinite(height) && height > 0 && height < 100000) {
        frame.style.height = Math.ceil(height) + "px";
      }
    });
  }

  var found = scripts();
  for (var k = 0; k < found.length; k++) {
    embed(found[k]);
  }
})();
{% endautoescape %}
