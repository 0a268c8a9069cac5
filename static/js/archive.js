// The archive's filter panel is a <details>: closed on a phone so the photos come first,
// opened here on a wide screen where it sits beside them. Without JavaScript it still opens
// and closes by hand.
(function () {
    var panel = document.getElementById("archive-filters");
    if (panel && window.matchMedia("(min-width: 56rem)").matches) {
        panel.open = true;
    }
})();
