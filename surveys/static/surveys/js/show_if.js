/* Show-if questions, live: a question with data-show-if-field is shown when one of the
   values of data-show-if-values is chosen in the source question (a radio, a checkbox, or a
   value carried from another step as a hidden input). Without this script the server decides
   (steps), and it always discards answers to questions whose condition is not met. */
(function () {
    "use strict";
    var form = document.querySelector(".survey__form");
    if (!form) { return; }
    var dependents = Array.prototype.slice.call(form.querySelectorAll("[data-show-if-field]"));
    if (!dependents.length) { return; }

    function container(name) {
        return form.querySelector('[data-question="' + name + '"]');
    }

    function chosen(name) {
        var values = [];
        var holder = container(name);
        if (holder && holder.hidden) { return values; }
        form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
            if (input.type === "hidden" || ((input.type === "radio" || input.type === "checkbox") && input.checked)) {
                values.push(input.value);
            }
        });
        return values;
    }

    function update() {
        dependents.forEach(function (element) {
            var wanted = (element.getAttribute("data-show-if-values") || "").split(" ");
            var shown = chosen(element.getAttribute("data-show-if-field")).some(function (value) {
                return wanted.indexOf(value) !== -1;
            });
            element.hidden = !shown;
        });
    }

    form.addEventListener("change", update);
    update();
})();
