/* The directory's territory filter reaches communes and EPCIs too: a search field above the list of regions and
   departments suggests every territory (/acteurs/territoires.json); the one chosen is selected in the list, which
   stays the form's field (without JavaScript, the list alone). */
(function () {
  "use strict";
  var script = document.currentScript;
  var select = document.getElementById("f-territoire");
  if (!select || !script || !window.fetch) return;
  var url = script.dataset.suggest;
  var box = document.createElement("p");
  var label = document.createElement("label");
  label.htmlFor = "f-territoire-recherche";
  label.textContent = "Commune, EPCI, département ou région";
  var input = document.createElement("input");
  input.type = "search";
  input.id = "f-territoire-recherche";
  input.setAttribute("list", "f-territoire-suggestions");
  input.setAttribute("autocomplete", "off");
  input.placeholder = "Nom, code postal ou code INSEE";
  var list = document.createElement("datalist");
  list.id = "f-territoire-suggestions";
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.append(label, input, list, status);
  select.closest("p").before(box);
  var byLabel = {};
  var timer = null;

  function choose(text) {
    var key = byLabel[text];
    if (!key) return;
    var option = Array.prototype.find.call(select.options, function (o) { return o.value === key; });
    if (!option) {
      option = new Option(text, key);
      select.add(option, 1);
    }
    select.value = key;
    status.textContent = "Territoire choisi : " + text + ". Validez avec « Filtrer ».";
  }

  input.addEventListener("input", function () {
    if (byLabel[input.value]) { choose(input.value); return; }
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (item) {
            byLabel[item.label] = item.key;
            var option = document.createElement("option");
            option.value = item.label;
            list.appendChild(option);
          });
          status.textContent = data.results.length ? data.results.length + " territoire(s) proposé(s)." : "Aucun territoire.";
        })
        .catch(function () { status.textContent = ""; });
    }, 200);
  });
  input.addEventListener("change", function () { choose(input.value); });
})();
