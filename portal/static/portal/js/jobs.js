/* Live status of long jobs (portal/jobs.py): every [data-job-state-url] block polls its
   etat.json while the job runs, swaps in the server-rendered status and announces changes
   in its aria-live region. Without JavaScript the page reloads itself (<noscript> refresh). */
(function () {
    "use strict";
    var FINISHED = ["succeeded", "failed"];
    var INTERVAL = 2000;

    function watch(panel) {
        var url = panel.getAttribute("data-job-state-url");
        var body = panel.querySelector("[data-job-body]");
        var live = panel.querySelector("[data-job-live]");
        var lastStatus = panel.getAttribute("data-job-status");
        var lastAnnounced = -1;
        var failures = 0;

        function announce(state) {
            var step = state.percent === null ? -1 : Math.floor(state.percent / 10);
            if (state.status !== lastStatus || (step !== lastAnnounced && step > lastAnnounced)) {
                live.textContent = state.message;
                lastAnnounced = step;
            }
        }

        function poll() {
            fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
                .then(function (response) {
                    if (!response.ok) { throw new Error(response.status); }
                    return response.json();
                })
                .then(function (state) {
                    failures = 0;
                    announce(state);
                    if (state.status !== lastStatus || !state.finished) {
                        body.innerHTML = state.html;
                    }
                    lastStatus = state.status;
                    panel.setAttribute("data-job-status", state.status);
                    if (!state.finished) { window.setTimeout(poll, INTERVAL); }
                })
                .catch(function () {
                    failures += 1;
                    if (failures < 5) { window.setTimeout(poll, INTERVAL * failures); }
                });
        }

        if (FINISHED.indexOf(lastStatus) === -1) { window.setTimeout(poll, INTERVAL); }
    }

    document.querySelectorAll("[data-job-state-url]").forEach(watch);
})();
