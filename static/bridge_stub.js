/*
 * median-harness bridge stub: the native side of a Median app, simulated in any browser.
 *
 * It defines the message handlers the Median JavaScript bridge posts to (Android's
 * window.JSBridge, iOS's window.webkit.messageHandlers.JSBridge) and the app-injected
 * `median` global, and carries every message to the harness server, which decides what the
 * app and its OneSignal SDK answer. No rule of the app or of OneSignal lives here.
 */
(function () {
  "use strict";

  var config = /*__MEDIAN_HARNESS_CONFIG__*/ null;
  if (!config || window.top !== window || window.__medianHarness) {
    return; // not configured, not the main frame, or already installed (init scripts rerun)
  }
  if (!/^(https?|file):$/.test(location.protocol)) {
    return; // about:blank and the like are not pages of the site
  }
  if (location.origin === new URL(config.endpoint).origin &&
      /^\/_harness\/(inspector|devices\/[^/]+\/phone)$/.test(location.pathname)) {
    return; // the harness's own pages beside the app's (the phone page, the inspector)
  }
  if (!config.device) {
    window.__medianHarness = {
      active: false,
      reason: "no simulated device: load bridge.js from a page, or pass ?device=<id>",
    };
    return;
  }

  var webkitHandlers = window.webkit && window.webkit.messageHandlers;
  var nativeBridge = !!(window.JSBridge || (webkitHandlers && webkitHandlers.JSBridge));
  // Installed by the harness into a simulated app's web view, the app's user agent is ours.
  var inApp = /median|gonative/i.test(navigator.userAgent) && !config.webView;
  if (!config.force && (inApp || nativeBridge)) {
    window.__medianHarness = {
      active: false,
      reason: nativeBridge ? "a native bridge is already present" : "running inside a Median app",
    };
    return;
  }

  // The app's regexes match a whole URL, as the native apps match them.
  function fullMatch(regex, url) {
    try {
      return new RegExp("^(?:" + regex + ")$").test(url);
    } catch (error) {
      return false;
    }
  }

  if (config.webView) {
    // What WKWebView or Android's WebView says, where the desktop browser says its own.
    ["vendor", "platform"].forEach(function (name) {
      Object.defineProperty(Navigator.prototype, name, {
        get: function () { return config.webView[name]; },
        configurable: true,
      });
    });
    // The app gives pages of some URLs a user agent of their own (userAgentRegexes).
    var agentRule = (config.webView.userAgentRules || []).filter(function (rule) {
      return fullMatch(rule.regex, location.href);
    })[0];
    if (agentRule) {
      Object.defineProperty(Navigator.prototype, "userAgent", {
        get: function () { return agentRule.user_agent; },
        configurable: true,
      });
    }
  }

  var pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var deviceUrl = config.endpoint + "/_harness/devices/" + encodeURIComponent(config.device);
  // The device's key: pages of another origin may drive this device only with it.
  var pageQuery = "?page=" + pageId + "&key=" + encodeURIComponent(config.key || "");
  var queue = Promise.resolve();

  // -- talking to the harness -------------------------------------------------------------

  function post(path, body) {
    return fetch(deviceUrl + path + pageQuery, {
      method: "POST",
      body: body,
      headers: { "Content-Type": "text/plain" },
      credentials: "same-origin", // the token's cookie, on the harness's own pages only
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().then(function (reply) {
        if (!response.ok) {
          var error = reply && reply.errors && reply.errors[0];
          console.warn("median-harness:", error ? error.title : "HTTP " + response.status);
          return null;
        }
        return reply;
      });
    });
  }

  // -- links the app opens outside the web view (regexInternalExternal) --------------------

  function outsideRule(url) {
    var rules = config.links || [];
    for (var i = 0; i < rules.length; i++) {
      if (fullMatch(rules[i].regex, url)) return rules[i].mode === "internal" ? null : rules[i];
    }
    return null;
  }

  function openOutside(rule, url) {
    inOrder(function () {
      return post("/links", JSON.stringify({ url: url, mode: rule.mode, label: rule.label || null }));
    });
  }

  if ((config.links || []).length) {
    // A link, a form, `location.href = ...`: the app hands the URL to the system browser or
    // its in-app browser, and the page stays where it is.
    if (window.navigation) {
      window.navigation.addEventListener("navigate", function (event) {
        if (!event.cancelable || event.hashChange || event.downloadRequest !== null) return;
        var rule = outsideRule(event.destination.url);
        if (rule) {
          event.preventDefault();
          openOutside(rule, event.destination.url);
        }
      });
    }
    var windowOpen = window.open;
    window.open = function (url) {
      var target = url ? new URL(String(url), location.href).href : "";
      var rule = target && outsideRule(target);
      if (rule) {
        openOutside(rule, target);
        return null;
      }
      return windowOpen.apply(window, arguments);
    };
  }

  function inOrder(step) {
    // The app handles messages one after another, as the page sent them.
    queue = queue.then(step).catch(function (error) {
      console.warn("median-harness: the harness server did not answer:", error);
    });
    return queue;
  }

  function report(kind, name, message) {
    var body = JSON.stringify({ kind: kind, callback: name, message: message || "" });
    inOrder(function () {
      return post("/reports", body);
    });
  }

  function callPage(name, args) {
    var fn = window[name];
    if (typeof fn !== "function") return { status: "missing" };
    try {
      fn.apply(window, args);
      return { status: "ok" };
    } catch (error) {
      return { status: "error", message: String((error && error.message) || error) };
    }
  }

  function answer(outcome) {
    if (outcome && outcome.unsupported) {
      // The real app would stay silent; say why here, and let a strict test runner stop now.
      console.warn("median-harness: " + outcome.unsupported);
      if (typeof window.__medianHarnessStrict === "function") {
        window.__medianHarnessStrict(outcome.unsupported);
      }
    }
    if (!outcome || !outcome.answered || !outcome.callback) return;
    var deliver = function () {
      var called = callPage(outcome.callback, [outcome.result]);
      if (called.status === "missing") report("callback_missing", outcome.callback);
      if (called.status === "error") {
        console.warn("median-harness: callback " + outcome.callback + " threw:", called.message);
        report("callback_error", outcome.callback, called.message);
      }
    };
    if (outcome.delay_ms) setTimeout(deliver, outcome.delay_ms);
    else deliver();
  }

  function deliverMessage(body) {
    inOrder(function () {
      return post("/commands", body).then(answer);
    });
  }

  // -- the native message handlers --------------------------------------------------------

  function postFromAndroid(message) {
    // Android's bridge takes strings only; anything else arrives as its string form.
    deliverMessage(String(message));
  }

  function postFromIos(message) {
    var body;
    try {
      body = JSON.stringify(message);
    } catch (error) {
      body = String(message);
    }
    deliverMessage(body === undefined ? "undefined" : body);
  }

  if (config.platform === "android") {
    window.JSBridge = { postMessage: postFromAndroid };
  } else {
    window.webkit = window.webkit || {};
    window.webkit.messageHandlers = window.webkit.messageHandlers || {};
    window.webkit.messageHandlers.JSBridge = { postMessage: postFromIos };
  }

  function postNative(message) {
    if (window.JSBridge && window.JSBridge.postMessage) {
      window.JSBridge.postMessage(typeof message === "string" ? message : JSON.stringify(message));
    }
    var handlers = window.webkit && window.webkit.messageHandlers;
    if (handlers && handlers.JSBridge && handlers.JSBridge.postMessage) {
      handlers.JSBridge.postMessage(message);
    }
  }

  // median:// and gonative:// navigations (links, location.href) never leave the page.
  if (window.navigation && window.navigation.addEventListener) {
    window.navigation.addEventListener("navigate", function (event) {
      var url = event.destination && event.destination.url;
      if (url && /^(median|gonative):/i.test(url)) {
        if (event.cancelable) event.preventDefault();
        postNative(url);
      }
    });
  } else {
    document.addEventListener(
      "click",
      function (event) {
        var link = event.target && event.target.closest && event.target.closest("a[href]");
        if (link && /^(median|gonative):/i.test(link.getAttribute("href"))) {
          event.preventDefault();
          postNative(link.getAttribute("href"));
        }
      },
      true
    );
  }

  // -- the app-injected `median` library, built from the command table --------------------

  var TABLE = /*__MEDIAN_HARNESS_TABLE__*/ { names: [], rows: "[]" };
  /*__MEDIAN_HARNESS_LIBRARY__*/
  var median = buildMedianLibrary(postNative, TABLE);

  if (!window.median) window.median = median;
  if (!window.gonative) window.gonative = window.median;

  // -- page load: the calls the app makes into a page that has finished loading ------------

  function runCallsOf(reply) {
    ((reply && reply.calls) || []).forEach(function (call) {
      var called = callPage(call.function, call.args);
      if (called.status === "error") report("callback_error", call.function, called.message);
    });
  }

  function closeOnPageHide(source) {
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // Calls from the app into the page (push opened, native events) come over a WebSocket,
  // which does not hold one of the browser's six HTTP connections to the harness per tab.
  // Its first message reports the page's load; the first answer is what the app calls on
  // the loaded page. The promise says whether that answer came.
  function openSocket() {
    return new Promise(function (resolve) {
      var socket = new WebSocket(deviceUrl.replace(/^http/, "ws") + "/socket" + pageQuery);
      var answered = false;
      socket.onopen = function () {
        socket.send(JSON.stringify({ url: location.href }));
      };
      socket.onmessage = function (event) {
        runCallsOf(JSON.parse(event.data));
        if (!answered) {
          answered = true;
          resolve(true);
        }
      };
      socket.onclose = function () {
        if (!answered) {
          answered = true;
          resolve(false);
        }
      };
      closeOnPageHide(socket);
    });
  }

  function reportLoad() {
    return post("/page-load", JSON.stringify({ url: location.href })).then(runCallsOf);
  }

  function pageLoaded() {
    inOrder(function () {
      if (window.WebSocket) {
        return openSocket().then(function (answered) {
          return answered ? null : reportLoad(); // refused before its answer: over HTTP
        });
      }
      return reportLoad().then(function () {
        if (!window.EventSource) return;
        var source = new EventSource(deviceUrl + "/stream" + pageQuery);
        source.onmessage = function (event) { runCallsOf(JSON.parse(event.data)); };
        closeOnPageHide(source);
      });
    });
  }

  if (document.readyState === "complete") setTimeout(pageLoaded, 0);
  else window.addEventListener("load", pageLoaded);

  window.__medianHarness = {
    active: true,
    device: config.device,
    platform: config.platform,
    endpoint: config.endpoint,
    page: pageId,
    /** A promise that settles once every message sent so far has been answered. */
    idle: function idle() {
      var current = queue;
      return current.then(function () {
        return current === queue ? undefined : idle();
      });
    },
  };
})();
