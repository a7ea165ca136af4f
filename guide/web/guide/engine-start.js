// Starts the engine's worker as early as the page allows: a classic script with nothing to import, loaded async at
// the top of the guide, so Pyodide starts downloading before the page script's modules have all arrived.
// engine-client.mjs takes the worker over, with any message or error that came before it did.
//
// Being a classic script, it also runs where the page script (a module) cannot: if a module is refused (.mjs served
// with a wrong MIME type, blocked, missing), the page script's <script type="module"> fires "error", or the page
// finishes loading without it having run. The guide then says at once that it could not start and points to the
// manual. Until the page script runs, Continue never submits the built-in form (which would reload the page): it
// says to wait, and the page script checks that answer when it starts.
(function () {
  if (window.guideEngine) return; // the page script was first and started its own
  var early = { messages: [], errors: [] };
  window.guideEngine = early;
  try {
    var script = document.currentScript;
    early.worker = new Worker(new URL("engine-worker.mjs", script.src), { type: "module" });
    // Where the site's shared runtime is: the page says it relative to itself (data-runtime), the worker needs it whole.
    early.worker.postMessage({ type: "runtime", url: new URL(script.getAttribute("data-runtime"), document.baseURI).href });
    early.worker.onmessage = function (event) { early.messages.push(event); };
    early.worker.onerror = function (event) { early.errors.push(event); };
  } catch (error) {
    early.failed = error;
  }

  function running() {
    return Boolean(window.guideEngine && window.guideEngine.taken);
  }

  function t(key) {
    try {
      var text = JSON.parse(document.getElementById("guide-data").textContent).wording[key];
      if (text != null) return text;
    } catch (error) {
      // the page's data is missing or unreadable: the key is better than nothing
    }
    return key;
  }

  function pageScriptFailed(reason) {
    var root = document.getElementById("guide");
    if (running() || !root || root.dataset.engine === "failed") return;
    console.error("guide: the page script could not run: " + reason);
    root.dataset.engine = "failed";
    root.dataset.engineFailure = "page-script";
    if (early.worker) early.worker.terminate();
    var failure = document.createElement("div");
    failure.className = "guide-failure";
    failure.setAttribute("role", "alert");
    var heading = document.createElement("h2");
    heading.id = "guide-heading";
    heading.tabIndex = -1;
    heading.textContent = t("guide.failed.title");
    var text = document.createElement("p");
    var link = document.createElement("a");
    link.href = "../when-to-use/";
    link.textContent = t("guide.failed.link");
    text.append(t("guide.failed.text") + " ", link, ".");
    failure.append(heading, text);
    var screen = document.getElementById("guide-screen");
    screen.replaceChildren(failure);
    var status = document.getElementById("guide-status");
    status.textContent = t("guide.failed.status");
    status.classList.add("guide-status--problem");
    heading.focus();
  }

  window.addEventListener("error", function (event) {
    var element = event.target;
    if (element && element.tagName === "SCRIPT" && element.type === "module") {
      pageScriptFailed("its module " + element.src + " (or a module it imports) could not load: blocked, missing, or not served as JavaScript");
    }
  }, true);
  // Module scripts hold back the page's load event until they have run: loaded, and not running, means it failed.
  window.addEventListener("load", function () {
    if (!running()) pageScriptFailed("it had not started when the page finished loading");
  });

  document.addEventListener("submit", function (event) {
    if (running() || !event.target.closest("#guide")) return;
    event.preventDefault();
    var root = document.getElementById("guide");
    if (root.dataset.engine === "failed") return;
    var status = document.getElementById("guide-status");
    status.dataset.early = "1";
    status.textContent = t("guide.status.page_loading");
  }, true);
})();
