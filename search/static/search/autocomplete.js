/* Search suggestions as the visitor types, for every input with list="q-suggestions" (the header search
   box and the search page). Uses a native <datalist>, so keyboard and screen readers work as usual;
   choosing a suggestion opens it. Without JavaScript the search boxes work as plain forms. */
(function () {
  "use strict";
  var ENDPOINT = "/api/autocomplete/";
  function datalist() {
    var list = document.getElementById("q-suggestions");
    if (!list) {
      list = document.createElement("datalist");
      list.id = "q-suggestions";
      document.body.appendChild(list);
    }
    return list;
  }
  function enhance(input) {
    var timer = null, urls = {}, last = "";
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function (event) {
      var value = input.value.trim();
      if (urls[value] && event.inputType !== "insertText" && event.inputType !== "deleteContentBackward") {
        window.location.href = urls[value];
        return;
      }
      clearTimeout(timer);
      if (value.length < 2 || value === last) return;
      timer = setTimeout(function () {
        last = value;
        fetch(ENDPOINT + "?q=" + encodeURIComponent(value), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            var list = datalist();
            list.textContent = "";
            urls = {};
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.label || "";
              urls[item.title] = item.url;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a convenience: ignore network errors */ });
      }, 150);
    });
  }
  document.querySelectorAll('input[list="q-suggestions"]').forEach(enhance);
})();
