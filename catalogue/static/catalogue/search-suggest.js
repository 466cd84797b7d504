/* Suggestions under the search boxes (progressive enhancement; the forms work without it).
 *
 * Every <input data-suggest-url="…"> becomes an ARIA 1.2 combobox: typing asks
 * /search/suggest?q= (JSON) for up to eight products, craft villages and producers; ↓/↑ move
 * through them, Enter opens the one chosen (or submits the search as typed when none is), Escape
 * closes the list. A polite live region says how many suggestions there are, for screen readers.
 * No inline script or style (CSP): the stylesheet is this script's data-css.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var DELAY_MS = 150;
  var counter = 0;

  function addStylesheet() {
    if (!script || !script.dataset.css) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.dataset.css;
    document.head.appendChild(link);
  }

  function enhance(input) {
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestLabel || "");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var lastAsked = null;
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url;
        var name = document.createElement("span");
        name.className = "suggest-name";
        name.textContent = result.name;
        var kind = document.createElement("span");
        kind.className = "suggest-kind";
        kind.textContent = (input.dataset["kind" + result.kind.charAt(0).toUpperCase() + result.kind.slice(1)]) || result.kind;
        option.appendChild(name);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box until we leave the page
          window.location.href = result.url;
        });
        list.appendChild(option);
      });
      var template = results.length === 1 ? input.dataset.suggestOne : input.dataset.suggestMany;
      status.textContent = results.length && template ? template.replace("%s", results.length) : "";
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) {
        lastAsked = null;
        render([]);
        return;
      }
      if (text === lastAsked) return;
      lastAsked = text;
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === text) render(data.results || []); })
        .catch(function () { /* offline or aborted: the box still searches as typed */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && items.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
          event.preventDefault();
        }
        return;
      }
      if (event.key === "ArrowDown") {
        highlight((active + 1) % items.length);
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(active <= 0 ? items.length - 1 : active - 1);
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].url;
      } else if (event.key === "Escape") {
        close();
        event.preventDefault();
      }
    });
    input.addEventListener("blur", close);
  }

  function init() {
    addStylesheet();
    document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
