// Wagtail's autosave says why it paused only in a tooltip on its indicator, which a
// phone or a keyboard user never sees, and it stops for good when someone else saved a
// newer version. Kalem says both in a line above the form, in Turkish, with the reason
// and what happens to what was typed (it stays in the form: nothing is lost).
(function () {
    var form = document.querySelector("form[data-w-autosave-interval-value]");
    if (!form) {
        return;
    }
    var gettext = window.django ? window.django.gettext : function (text) { return text; };
    var interpolate = window.django ? window.django.interpolate : function (text) { return text; };
    var line = document.createElement("p");
    line.id = "kalem-autosave-reason";
    line.className = "help-block help-warning kalem-autosave-reason";
    line.setAttribute("role", "status");
    line.hidden = true;
    form.parentNode.insertBefore(line, form);
    var reason = "";

    function show(text) {
        line.textContent = text;
        line.hidden = false;
    }

    document.addEventListener("w-autosave:error", function (event) {
        reason = (event.detail && event.detail.text) || gettext("A server error occurred.");
        show(interpolate(
            gettext("Autosave is paused: %(reason)s What you typed is still in this form; autosave resumes by itself once the problem is solved."),
            { reason: reason },
            true
        ));
    });
    document.addEventListener("w-autosave:deactivated", function () {
        show(interpolate(
            gettext("Autosave has stopped: %(reason)s What you typed is still in this form; it is not saved until you save it with the buttons below."),
            { reason: reason },
            true
        ));
    });
    document.addEventListener("w-autosave:success", function () {
        line.hidden = true;
        line.textContent = "";
    });
})();
