/*
 * Calibration: run a fixed script of bridge calls, record each answer (or that none came in
 * 3 s) and its time, send the recording to the harness and show its report side by side.
 */
(function () {
  "use strict";

  var THROWAWAY_TAG = "median_harness_calibration";

  function byId(id) { return document.getElementById(id); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function lookup(path) {
    return path.split(".").reduce(function (at, key) { return at && at[key]; }, window.median);
  }

  /** Call `median.<call>(...args)`; resolve with the step as recorded. */
  function record(call, args) {
    var started = performance.now();
    var step = { call: call, args: args, answered: false, answer: null, ms: 0 };
    var made = Promise.resolve().then(function () { return lookup(call).apply(null, args); });
    return window.bridgeCalls.settle(made).then(function (outcome) {
      step.ms = Math.round(performance.now() - started);
      if (outcome.answered) {
        step.answered = true;
        var answer = "rejected" in outcome ? outcome.rejected : outcome.value;
        step.answer = answer === undefined ? null : answer;
      }
      var item = element("li", call + ": " + (step.answered ? "answered" : "no answer in 3 s") + " (" + step.ms + " ms)");
      byId("calibration-steps").appendChild(item);
      return step;
    });
  }

  function script(withLogin) {
    var tags = {};
    tags[THROWAWAY_TAG] = "1";
    var calls = [
      ["deviceInfo", []],
      ["onesignal.onesignalInfo", []],
      ["permissions.status", []],
      ["onesignal.tags.getTags", []],
      ["onesignal.tags.setTags", [{ tags: tags }]],
      ["onesignal.tags.deleteTags", [{ tags: [THROWAWAY_TAG] }]],
    ];
    if (withLogin) calls.push(["onesignal.login", ["calibration-" + Date.now()]], ["onesignal.logout", []]);
    return calls;
  }

  function showReport(report) {
    var table = byId("calibration-report");
    var body = table.querySelector("tbody");
    body.textContent = "";
    report.steps.forEach(function (step) {
      var row = element("tr", undefined, step.agree ? "" : "problem");
      row.appendChild(element("td", step.call));
      row.appendChild(element("td", JSON.stringify(step.real, null, 1), "wrap"));
      row.appendChild(element("td", JSON.stringify(step.simulated, null, 1), "wrap"));
      row.appendChild(element("td", step.agree ? "agree" : step.differences.join("\n"), "wrap"));
      body.appendChild(row);
    });
    table.hidden = false;
    byId("calibration-outcome").textContent =
      report.agree + " steps agree, " + report.differ + " differ (" + report.profile.platform + " " +
      report.profile.app_version + ", " + report.profile.sdk + " SDK).";
    byId("calibration-outcome").dataset.done = "true";
  }

  function run() {
    byId("calibration-steps").textContent = "";
    byId("calibration-outcome").textContent = "Calling the bridge…";
    var steps = [];
    var chain = Promise.resolve();
    script(byId("with-login").checked).forEach(function (pair) {
      chain = chain.then(function () { return record(pair[0], pair[1]); }).then(function (step) { steps.push(step); });
    });
    chain.then(function () {
      var profile = { deviceInfo: steps[0].answer, onesignalInfo: steps[1].answer };
      var recording = { profile: profile, steps: steps };
      var link = byId("calibration-download");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(recording, null, 2)], { type: "application/json" }));
      link.hidden = false;
      return fetch("/_harness/calibrations", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(recording),
      });
    }).then(function (response) { return response.json(); }).then(function (reply) {
      if (!reply.id) throw new Error(reply.errors ? reply.errors[0].title : "not kept");
      byId("calibration-outcome").dataset.id = reply.id;
      return fetch("/_harness/calibrations/" + reply.id).then(function (response) { return response.json(); });
    }).then(showReport).catch(function (error) {
      byId("calibration-outcome").textContent = "Could not calibrate: " + error.message;
      byId("calibration-outcome").dataset.done = "failed";
    });
  }

  byId("run-calibration").addEventListener("click", run);
})();
