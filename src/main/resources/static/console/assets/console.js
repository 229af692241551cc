// The console's only script besides htmx. The Content-Security-Policy runs no inline script, so every
// behaviour is wired here from data attributes.
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  // htmx's POSTs carry the CSRF token as the forms do; every htmx request says it is one, so that a poll whose
  // session ended is not saved as the page to return to after logging in (the login would lead to a bare table)
  document.addEventListener("htmx:configRequest", function (event) {
    var header = meta("csrf-header");
    var token = meta("csrf-token");
    if (header && token) {
      event.detail.headers[header] = token;
    }
    event.detail.headers["X-Requested-With"] = "XMLHttpRequest";
  });

  // a refreshed table whose session ended gets the login page: go there instead of showing it inside the table
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/console/login") !== -1) {
      event.detail.shouldSwap = false;
      window.location.assign("/console/login");
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var confirmed = target.closest("[data-confirm]");
    if (confirmed && !window.confirm(confirmed.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    var copy = target.closest("[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      var label = copy.textContent;
      var done = function (text) {
        copy.textContent = text;
        window.setTimeout(function () { copy.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(function () { done("Copied"); },
          function () { source.select(); done("Press Ctrl+C"); });
      } else {
        source.select();
        done("Press Ctrl+C");
      }
    }
  });
})();
