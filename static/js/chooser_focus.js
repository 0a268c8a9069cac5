// Wagtail's chooser modal gives the focus back to the button that opened it when it
// closes; once something is chosen that button is hidden, so the focus fell to the page's
// start and a keyboard user had to Tab through the menu and the form again (59 presses
// from the file plan code to the letter's text). The focus goes to the chooser's own
// actions button instead ("Eylemler": choose another, clear), beside what was chosen.
(function () {
    var opener = null;
    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-chooser-action-choose]");
        if (button) {
            opener = button;
        }
    }, true);
    // Wagtail removes the modal once it has closed (its own jQuery's events are not seen
    // from here): watch for that.
    new MutationObserver(function (records) {
        var closed = records.some(function (record) {
            return Array.prototype.some.call(record.removedNodes, function (node) {
                return node.classList && node.classList.contains("modal");
            });
        });
        if (!opener || !closed) {
            return;
        }
        var chooser = opener.closest(".chooser");
        opener = null;
        if (!chooser || (document.activeElement && document.activeElement !== document.body)) {
            return;
        }
        var actions = chooser.querySelector(".chosen .w-dropdown__toggle");
        if (actions && actions.offsetParent !== null) {
            actions.focus();
        }
    }).observe(document.body, { childList: true });
})();
