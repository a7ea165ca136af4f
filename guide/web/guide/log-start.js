// The escalation log page's guard, as engine-start.js is the guide's: a classic script, so it runs where the page
// script (a module, log.js) cannot. If a module is refused (.mjs served with a wrong MIME type, blocked, missing), the
// module's <script> fires "error", or the page finishes loading without log.js having run: the page then says at
// once that it could not start and how else to read the records, instead of leaving its file boxes disabled and
// saying nothing.
(function () {
  function running() {
    var root = document.getElementById("log");
    return Boolean(root && root.dataset.script === "running");
  }

  function t(key) {
    try {
      var text = JSON.parse(document.getElementById("log-data").textContent).wording[key];
      if (text != null) return text;
    } catch (error) {
      // the page's data is missing or unreadable: the key is better than nothing
    }
    return key;
  }

  function failed(reason) {
    var root = document.getElementById("log");
    if (running() || !root || root.dataset.engine === "failed") return;
    console.error("escalation log: the page script could not run: " + reason);
    root.dataset.engine = "failed";
    root.dataset.engineFailure = "page-script";
    var failure = document.createElement("div");
    failure.className = "guide-failure";
    failure.setAttribute("role", "alert");
    var heading = document.createElement("h2");
    heading.id = "log-failed";
    heading.tabIndex = -1;
    heading.textContent = t("guide.log.failed.title");
    var text = document.createElement("p");
    text.textContent = t("guide.log.failed.text");
    failure.append(heading, text);
    root.insertBefore(failure, root.querySelector(".govuk-form-group"));
    var status = document.getElementById("log-status");
    if (status) {
      status.textContent = t("guide.log.failed.status");
      status.classList.add("guide-status--error");
    }
    heading.focus();
  }

  window.addEventListener("error", function (event) {
    var element = event.target;
    if (element && element.tagName === "SCRIPT" && element.type === "module") {
      failed("its module " + element.src + " (or a module it imports) could not load: blocked, missing, or not served as JavaScript");
    }
  }, true);
  // Module scripts hold back the page's load event until they have run: loaded, and not running, means it failed.
  window.addEventListener("load", function () {
    if (!running()) failed("it had not started when the page finished loading");
  });
})();
