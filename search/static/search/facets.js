// Facet groups are <details>, closed in the HTML so that on a phone the first result comes first;
// on a wide screen, where the facets sit beside the results, they open.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 50.01rem)");
  function apply() {
    document.querySelectorAll("details.facet-group").forEach(function (group) { group.open = wide.matches; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    apply();
    if (wide.addEventListener) { wide.addEventListener("change", apply); }
  });
})();
