// Accessibility for Material's wide tables: a table that scrolls sideways must be reachable by keyboard (WCAG
// 2.1.1), so each scroll region Material creates gets a tab stop and a name taken from the nearest heading.
// Same-origin, no dependencies; runs on each page Material mounts.
function labelScrollRegions() {
  for (const region of document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    let heading = region.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", `Table${heading ? `: ${heading.textContent.replace("¶", "").trim()}` : ""} (scrolls sideways)`);
  }
}
if (typeof document$ !== "undefined") document$.subscribe(labelScrollRegions);
else document.addEventListener("DOMContentLoaded", labelScrollRegions);
