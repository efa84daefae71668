/*
 * The demo site's page code: what a site inside a Median app would write. It talks to the
 * Median bridge only (the real one inside the app, the simulated one on a desktop).
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("page-config").textContent);
  var NO_ANSWER_MS = window.bridgeCalls.noAnswerMs;

  function show(element, value) {
    element.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  /** Compare dotted versions part by part as numbers (2.10.0 is newer than 2.9.0). */
  function versionAtLeast(version, minimum) {
    var a = String(version).split(".").map(Number);
    var b = String(minimum).split(".").map(Number);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var x = a[i] || 0;
      var y = b[i] || 0;
      if (x !== y) return x > y;
    }
    return true;
  }

  var settle = window.bridgeCalls.settle;

  /** Resolve with the call's answer, or with a note when the app never answers. */
  function answerOrSilence(promise) {
    return settle(promise).then(function (outcome) {
      if (!outcome.answered) {
        return { noAnswer: "The app did not answer within " + NO_ANSWER_MS / 1000 + " s." };
      }
      return "rejected" in outcome ? { rejected: outcome.rejected } : outcome.value;
    });
  }

  var waitingForBridge = [];

  /** Run `start` once the Median library is there (an app may inject it after load). */
  function whenBridgeReady(start) {
    if (window.median) {
      start();
      return;
    }
    waitingForBridge.push(start);
    window.median_library_ready = function () {
      while (window.median && waitingForBridge.length) waitingForBridge.shift()();
    };
  }

  function describeBridge() {
    var status = byId("bridge-status");
    var stub = window.__medianHarness;
    if (stub && stub.active) {
      show(status, "Simulated by median-harness: device " + stub.device + " (" + stub.platform + ").");
      status.dataset.bridge = "stub";
    } else if (config.inMedianApp || (stub && !stub.active)) {
      show(status, "Inside a Median app: the real bridge is expected to answer.");
      status.dataset.bridge = "real";
    } else {
      show(status, "No Median bridge here: open this site inside a Median app.");
      status.dataset.bridge = "none";
    }
  }

  // -- /onesignal and /onesignal-legacy -------------------------------------------------------

  function onesignalPage(legacyPage) {
    var result = byId("result");
    var os = window.median.onesignal;
    var value = function (id) { return byId(id).value; };
    var actions = {
      info: function () { return os.info(); },
      login: function () { return os.login(value("external-id")); },
      logout: function () { return os.logout(); },
      "externalUserId.set": function () {
        return os.externalUserId.set({ externalId: value("external-id") });
      },
      "externalUserId.remove": function () { return os.externalUserId.remove(); },
      "tags.set": function () {
        var tags = {};
        tags[value("tag-key")] = value("tag-value");
        return os.tags.setTags({ tags: tags });
      },
      "tags.get": function () { return os.tags.getTags(); },
      "tags.delete": function () { return os.tags.deleteTags({ tags: [value("tag-key")] }); },
      register: function () { return os.register(); },
      "consent.grant": function () {
        os.userPrivacyConsent.grant();
        return "Consent granted (this call has no answer).";
      },
      "consent.revoke": function () {
        os.userPrivacyConsent.revoke();
        return "Consent revoked (this call has no answer).";
      },
    };
    document.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var name = button.dataset.action;
        show(byId("last-action"), name);
        show(result, "Waiting for the app…");
        answerOrSilence(actions[name]()).then(function (answer) {
          show(result, answer);
        });
      });
    });
    answerOrSilence(os.info()).then(function (info) {
      var warning = byId("support-warning");
      if (!info || info.noAnswer || info.rejected) return;
      var legacyBuild = info.legacy === true;
      if (legacyBuild === legacyPage) return;
      warning.hidden = false;
      show(
        warning,
        legacyBuild
          ? "This build (" + info.appVersion + ") carries the legacy OneSignal SDK: login, logout " +
              "and badges are not supported, and the app never answers them."
          : "This build (" + info.appVersion + ") carries the v5 OneSignal SDK: " +
              "externalUserId.set and remove are not supported, and the app never answers them."
      );
    });
  }

  // -- sign-in and sign-out: the version-gated sample -----------------------------------------

  function step(text) {
    var item = document.createElement("li");
    item.textContent = text;
    byId("steps").appendChild(item);
  }

  function finish(done, text) {
    show(byId("outcome"), text);
    byId("outcome").dataset.done = done;
  }

  function reason(failure) {
    return (failure && (failure.error || failure.message)) || JSON.stringify(failure);
  }

  function report(ids) {
    return fetch("/site/onesignal-ids", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(ids),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
        return body;
      });
    });
  }

  function loginSuccessPage() {
    var os = window.median.onesignal;
    var userId = config.user;
    var deviceInfo;
    window.median.deviceInfo().then(function (info) {
      deviceInfo = info;
      var legacy = !versionAtLeast(info.appVersion, config.firstV5Version);
      step("App version " + info.appVersion + " on " + info.platform + ": " +
        (legacy ? "legacy SDK, externalUserId.set" : "v5 SDK, login"));
      var identify = legacy
        ? os.externalUserId.set({ externalId: userId })
        : os.login(userId);
      return identify.then(function (answer) {
        step("The app answered " + JSON.stringify(answer));
        return os.info();
      }).then(function (info) {
        var ids = {
          yourAppUserId: userId,
          platform: deviceInfo.platform,
          appVersion: deviceInfo.appVersion,
          sdk: legacy ? "legacy" : "v5",
        };
        if (legacy) {
          ids.oneSignalUserId = info.oneSignalUserId;
          ids.oneSignalExternalId = userId;
        } else {
          ids.oneSignalId = info.oneSignalId;
          ids.oneSignalExternalId = info.externalId;
          ids.oneSignalSubscriptionId = info.subscription.id;
        }
        return report(ids);
      });
    }).then(function (saved) {
      step("The site stored the IDs.");
      show(byId("saved"), saved);
      finish("ok", "Signed in and registered with OneSignal.");
    }).catch(function (failure) {
      finish("failed", "Could not register with OneSignal: " + reason(failure));
    });
  }

  /** The menu was drawn while signed in; now it offers to sign in again. */
  function showSignedOut() {
    var link = document.querySelector('nav a[href="/signout"]');
    if (!link) return;
    link.href = "/login";
    link.textContent = "Sign in";
  }

  function signoutPage() {
    var os = window.median.onesignal;
    var deviceInfo;
    window.median.deviceInfo().then(function (info) {
      deviceInfo = info;
      return os.info();
    }).then(function (before) {
      var legacy = !versionAtLeast(deviceInfo.appVersion, config.firstV5Version);
      step(legacy ? "Legacy SDK: externalUserId.remove" : "v5 SDK: logout");
      var forget = legacy ? os.externalUserId.remove() : os.logout();
      return forget.then(function (answer) {
        step("The app answered " + JSON.stringify(answer));
        if (!config.user) return null;
        return report({
          yourAppUserId: config.user,
          platform: deviceInfo.platform,
          appVersion: deviceInfo.appVersion,
          sdk: legacy ? "legacy" : "v5",
          signedIn: false,
          oneSignalUserId: legacy ? before.oneSignalUserId : null,
          oneSignalSubscriptionId: legacy ? null : before.subscription.id,
        });
      });
    }).then(function () {
      showSignedOut();
      finish("ok", "Signed out.");
    }).catch(function (failure) {
      finish("failed", "Could not sign out of OneSignal: " + reason(failure));
    });
  }

  /** Median calls this global when the user opens a OneSignal notification. */
  window.median_onesignal_push_opened = function (data) {
    var banner = byId("push-opened") || document.createElement("p");
    banner.id = "push-opened";
    banner.className = "notice";
    show(banner, "Notification opened with data " + JSON.stringify(data));
    document.querySelector("main").prepend(banner);
  };

  /** Median's advice for legacy builds: set the external user id on every app start, so
   *  that users who upgrade the app have it before the new SDK migrates them. */
  function rememberSignedInUser() {
    window.median.deviceInfo().then(function (info) {
      if (!versionAtLeast(info.appVersion, config.firstV5Version)) {
        window.median.onesignal.externalUserId.set({ externalId: config.user });
      }
    });
  }

  describeBridge();
  var page = document.body.dataset.page;
  if (config.user && page !== "login-success" && page !== "signout") {
    whenBridgeReady(rememberSignedInUser);
  }
  var starters = {
    onesignal: function () { onesignalPage(false); },
    "onesignal-legacy": function () { onesignalPage(true); },
    "login-success": loginSuccessPage,
    signout: signoutPage,
  };
  if (starters[page]) whenBridgeReady(starters[page]);
})();
