/*
 * How a bridge call ended, for the pages that call the bridge and show the answer (the demo's,
 * the bridge explorer, the calibration): the app answers, rejects, or never answers at all.
 */
(function () {
  "use strict";

  var NO_ANSWER_MS = 3000;

  /**
   * `{answered: true, value}` or `{answered: true, rejected}` within NO_ANSWER_MS, or
   * `{answered: false}` when the app never answered (as a real app does with commands its
   * build does not know).
   */
  function settle(promise) {
    var silence = new Promise(function (resolve) {
      setTimeout(resolve, NO_ANSWER_MS, { answered: false });
    });
    return Promise.race([
      Promise.resolve(promise).then(
        function (value) { return { answered: true, value: value }; },
        function (failure) { return { answered: true, rejected: failure }; }
      ),
      silence,
    ]);
  }

  window.bridgeCalls = { settle: settle, noAnswerMs: NO_ANSWER_MS };
})();
