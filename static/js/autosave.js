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

// A new page's first autosave creates it and then points the form at the page's edit
// address. A submit pressed before that answer arrives would post to the create address
// again and be refused (the slug is taken by the page the autosave made), leaving the
// writer on the form and a stray draft behind (issue 17). Kalem holds such a submit until
// the autosave has answered and then sends it to wherever the form now posts; the button
// pressed (it may be disabled by then) travels in a hidden field. Once a submit is on its
// way, no further autosave starts: it would race the submit to the same address.
(function () {
    var form = document.querySelector("form[data-w-autosave-interval-value]");
    if (!form) {
        return;
    }
    var creating = false; // an autosave is under way while the form posts to a create address
    var held = null; // the button of a submit waiting for that autosave, or false for none
    var sending = false;

    function createAddress() {
        return /\/add\//.test(new URL(form.action, window.location.href).pathname);
    }

    function release() {
        if (held === null) {
            return;
        }
        var button = held;
        held = null;
        var field = form.querySelector("input[data-kalem-submitter]");
        if (field) {
            field.remove();
        }
        if (button && button.name) {
            field = document.createElement("input");
            field.type = "hidden";
            field.name = button.name;
            field.value = button.value;
            field.setAttribute("data-kalem-submitter", "");
            form.appendChild(field);
        }
        if (form.requestSubmit) {
            form.requestSubmit();
        } else {
            // Older browsers: no submit event is fired, so mark the submit as sent here.
            sending = true;
            form.submit();
        }
    }

    form.addEventListener("w-autosave:save", function (event) {
        if (sending) {
            event.preventDefault();
            return;
        }
        if (!createAddress()) {
            return;
        }
        creating = true;
        // Another listener may have cancelled this save: then no answer will come.
        window.setTimeout(function () {
            if (event.defaultPrevented) {
                creating = false;
                release();
            }
        });
    });

    function answered() {
        creating = false;
        release();
    }

    form.addEventListener("w-autosave:success", answered);
    form.addEventListener("w-autosave:error", answered);

    form.addEventListener(
        "submit",
        function (event) {
            if (creating) {
                event.preventDefault();
                held = event.submitter || false;
            }
        },
        true
    );
    // Last to hear of a submit: if nobody stopped it, it is on its way.
    document.addEventListener("submit", function (event) {
        if (event.target === form && !event.defaultPrevented) {
            sending = true;
        }
    });
})();
