/*
 * The bridge explorer: call any function of `median` with typed-in arguments and show the
 * raw answer, or that none came in 3 s and, under the simulated app, the harness's reason.
 */
(function () {
  "use strict";

  var NO_ANSWER_MS = window.bridgeCalls.noAnswerMs;
  var answer = document.getElementById("answer");
  var stub = window.__medianHarness;

  function show(value) {
    answer.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  }

  function lookup(path) {
    return path.split(".").reduce(function (at, key) { return at && at[key]; }, window.median);
  }

  /** The harness's word on a command that got no answer (only under the simulated app). */
  function reasonSince(seq) {
    if (!stub || !stub.active) return Promise.resolve(null);
    return stub.idle().then(function () {
      return fetch("/_harness/events?device=" + encodeURIComponent(stub.device) + "&after=" + seq);
    }).then(function (response) { return response.json(); }).then(function (reply) {
      var silent = reply.events.filter(function (event) {
        return event.kind === "unsupported_command" || event.kind === "unanswered_command";
      });
      return silent.length ? silent[silent.length - 1].message : null;
    });
  }

  function lastSeq() {
    if (!stub || !stub.active) return Promise.resolve(0);
    return fetch("/_harness/events?device=" + encodeURIComponent(stub.device))
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        var events = reply.events;
        return events.length ? events[events.length - 1].seq : 0;
      });
  }

  function call(path, argsText) {
    document.getElementById("called").textContent = path;
    var fn = lookup(path);
    if (typeof fn !== "function") {
      show("median." + path + " is not a function here.");
      return;
    }
    var args;
    try {
      args = argsText.trim() ? JSON.parse(argsText) : [];
      if (!Array.isArray(args)) args = [args];
    } catch (error) {
      show("The arguments are not JSON: " + error.message);
      return;
    }
    show("Waiting for the app…");
    lastSeq().then(function (seq) {
      var result;
      try {
        result = fn.apply(null, args);
      } catch (error) {
        show("The function threw: " + error);
        return;
      }
      if (!result || typeof result.then !== "function") {
        return reasonSince(seq).then(function (reason) {
          show(reason ? "No answer: " + reason : "Sent. This function expects no answer (it returned " + JSON.stringify(result) + ").");
        });
      }
      return window.bridgeCalls.settle(result).then(function (outcome) {
        if (!outcome.answered) {
          return reasonSince(seq).then(function (reason) {
            show("No answer within " + NO_ANSWER_MS / 1000 + " s." + (reason ? "\n" + reason : ""));
          });
        }
        show(outcome.rejected ? { rejected: outcome.rejected } : outcome.value);
      });
    });
  }

  document.getElementById("call-form").addEventListener("submit", function (event) {
    event.preventDefault();
    call(document.getElementById("function-path").value.trim(), document.getElementById("function-args").value);
  });
  document.querySelectorAll("button[data-path]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById("function-path").value = button.dataset.path;
      document.getElementById("function-path").focus();
    });
  });
})();
