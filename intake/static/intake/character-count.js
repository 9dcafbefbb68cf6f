// Shows how many characters a field with data-character-limit holds, as the person types.
// Without JavaScript the server names the limit when the text is too long; nothing is cut.
(function () {
  "use strict";
  document.querySelectorAll("[data-character-limit]").forEach(function (field) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) return;
    var limit = Number(field.getAttribute("data-character-limit"));
    var template = counter.getAttribute("data-template");
    var update = function () {
      // Browsers send each line break as two characters, and the server counts them so.
      var count = Array.from(field.value.replace(/\r?\n/g, "\r\n")).length;
      counter.textContent = template.replace("__count__", String(count));
      counter.classList.toggle("form-field__counter--over", count > limit);
    };
    counter.hidden = false;
    var describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (describedBy.indexOf(counter.id) === -1) describedBy.push(counter.id);
    field.setAttribute("aria-describedby", describedBy.join(" "));
    field.addEventListener("input", update);
    update();
  });
})();
