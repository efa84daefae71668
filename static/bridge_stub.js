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
  if (!config.device) {
    window.__medianHarness = {
      active: false,
      reason: "no simulated device: load bridge.js from a page, or pass ?device=<id>",
    };
    return;
  }

  var webkitHandlers = window.webkit && window.webkit.messageHandlers;
  var nativeBridge = !!(window.JSBridge || (webkitHandlers && webkitHandlers.JSBridge));
  if (!config.force && (/median|gonative/i.test(navigator.userAgent) || nativeBridge)) {
    window.__medianHarness = {
      active: false,
      reason: nativeBridge ? "a native bridge is already present" : "running inside a Median app",
    };
    return;
  }

  var pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var deviceUrl = config.endpoint + "/_harness/devices/" + encodeURIComponent(config.device);
  var queue = Promise.resolve();

  // -- talking to the harness -------------------------------------------------------------

  function post(path, body) {
    return fetch(deviceUrl + path + "?page=" + pageId, {
      method: "POST",
      body: body,
      headers: { "Content-Type": "text/plain" },
      credentials: "omit",
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

  var SURFACE = /*__MEDIAN_HARNESS_SURFACE__*/ [];
  var CALLBACK_KEYS = ["callback", "callbackFunction", "statuscallback"];
  var registered = {};

  function tempName(prefix) {
    return (prefix || "_median_temp_") + Math.random().toString(36).slice(2);
  }

  function globalFor(fn, keep) {
    if (typeof fn === "string") return fn;
    var name = tempName();
    window[name] = function () {
      fn.apply(window, arguments);
      if (!keep) delete window[name];
    };
    return name;
  }

  // Post as the library does: a bare URL without data, else {medianCommand, data}.
  function command(url, params, keep) {
    var message = url;
    if (params) {
      CALLBACK_KEYS.forEach(function (key) {
        if (typeof params[key] === "function") params[key] = globalFor(params[key], keep);
      });
      message = { medianCommand: url, data: params };
    }
    postNative(message);
  }

  function commandWithReply(url, params, keep) {
    if (params && CALLBACK_KEYS.some(function (key) { return params[key]; })) {
      return command(url, params, keep);
    }
    var name = tempName();
    params = params || {};
    params.callback = name;
    return new Promise(function (resolve, reject) {
      window[name] = function (result) {
        if (result && typeof result === "object" && "error" in result) reject(result);
        else resolve(result);
        delete window[name];
      };
      command(url, params);
    });
  }

  function send(url, params, reply) {
    if (reply === "once") return commandWithReply(url, params, false);
    if (reply === "kept") return commandWithReply(url, params, true);
    return command(url, params, reply === "listen");
  }

  function dataFrom(spec, args) {
    var parts = spec.split("|");
    var slots = parts[0] ? parts[0].split(",") : [];
    var data = null;
    if (slots[0] === "*") {
      data = args[0];
    } else if (slots[0] === "..." && slots.length === 1) {
      data = Object.assign({}, args[0]);
    } else if (slots.length) {
      data = {};
      slots.forEach(function (slot, i) {
        var value = args[i];
        if (slot === "...") {
          Object.assign(data, value);
        } else if (slot.charAt(0) === "{") {
          slot.slice(1, -1).split(";").forEach(function (key) {
            if (key.charAt(0) !== "~") {
              data[key] = value[key];
            } else if (value && value[key.slice(1)]) {
              data[key.slice(1)] = globalFor(value[key.slice(1)], true);
            }
          });
        } else if (slot.charAt(0) === "~") {
          var kept = globalFor(value, true);
          registered[kept] = true;
          data[slot.slice(1)] = kept;
        } else if (slot.charAt(0) === "?") {
          if (value) data[slot.slice(1)] = globalFor(value, false);
        } else if (slot !== "_") {
          var eq = slot.indexOf("=");
          if (eq < 0) data[slot] = value;
          else data[slot.slice(0, eq)] = value === undefined ? JSON.parse(slot.slice(eq + 1)) : value;
        }
      });
    }
    if (parts[1]) data = Object.assign(data || {}, JSON.parse(parts[1]));
    return data;
  }

  var listeners = {};

  function listen(eventName, callback) {
    var id = tempName(eventName);
    if (typeof callback !== "function") return id;
    var callbacks = (listeners[eventName] = listeners[eventName] || {});
    callbacks[id] = callback;
    dispatchTo(eventName);
    command("median://events/subscribe", { eventName: eventName });
    return id;
  }

  function unlisten(eventName, id) {
    if (!eventName || !id) return;
    var callbacks = (listeners[eventName] = listeners[eventName] || {});
    delete callbacks[id];
    dispatchTo(eventName);
    if (Object.keys(callbacks).length === 0) {
      command("median://events/unsubscribe", { eventName: eventName });
    }
  }

  function dispatchTo(eventName) {
    var callbacks = listeners[eventName];
    window[eventName] = function () {
      var args = arguments;
      Object.keys(callbacks).forEach(function (id) {
        if (typeof callbacks[id] === "function") callbacks[id].apply(window, args);
      });
    };
  }

  function blobToDataUrl(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(blob);
    });
  }

  function screenshotOf(element) {
    if (!window.html2canvas) return null;
    return window.html2canvas(element, { useCORS: true, scale: 1.25 });
  }

  // The functions whose arguments do not fit the table's `args` column.
  var SPECIAL = {
    purchase: function (url) {
      return function (params) {
        var productId = params.productID;
        params.productID = null;
        return commandWithReply(url + productId, params);
      };
    },
    wrap: function (url) {
      return function (params) {
        command(url, { persist: params.persist, data: params });
      };
    },
    brightness: function (url) {
      return function (value) {
        var plain = typeof value === "number" || typeof value === "string";
        command(url, plain ? { brightness: value } : value);
      };
    },
    unregister: function (url) {
      return function (id) {
        if (!registered[id]) return false;
        delete registered[id];
        try { delete window[id]; } catch (error) { /* not ours to keep */ }
        command(url, { listenerId: id });
        return true;
      };
    },
    blobshare: function (url, args) {
      return function (blob, params) {
        var withParams = args === "*" && params && typeof params === "object";
        var files = [blobToDataUrl(blob)];
        if (withParams && params.attachment instanceof Blob) {
          files.push(blobToDataUrl(params.attachment));
        }
        Promise.all(files).then(function (urls) {
          var data = { dataUrl: urls[0] };
          if (withParams) data = Object.assign({}, params, { dataUrl: urls[0], attachment: urls[1] });
          command(url, data);
        });
      };
    },
    track: function (url) {
      return function (params) {
        if (typeof params === "number") params = { time: params };
        return commandWithReply(url, Object.assign({}, params));
      };
    },
    secret: function (url) {
      return function (params) {
        if (typeof params.secret !== "string") params.secret = JSON.stringify(params.secret);
        return commandWithReply(url, params);
      };
    },
    maybereply: function (url) {
      return function (params) {
        if (params) return commandWithReply(url, params);
        command(url);
      };
    },
    elementshot: function (url) {
      return function (element, params) {
        var shot = screenshotOf(element);
        if (!shot) return;
        shot.then(function (canvas) {
          command(url, Object.assign({ dataUrl: canvas.toDataURL() }, params));
        });
      };
    },
    elementcapture: function () {
      return function (element) {
        var shot = screenshotOf(element);
        if (!shot) return Promise.resolve(undefined);
        return shot.then(function (canvas) {
          return new Promise(function (resolve, reject) {
            canvas.toBlob(function (blob) {
              if (blob) resolve(blob);
              else reject(new Error("Failed to convert to blob."));
            });
          });
        });
      };
    },
    capturescreen: function (url) {
      return function () {
        return commandWithReply(url).then(function (result) {
          var bytes = Uint8Array.from(atob(result.data), function (c) { return c.charCodeAt(0); });
          return new Blob([bytes], { type: "image/png" });
        });
      };
    },
    native: function () {
      return function () {
        var handlers = window.webkit && window.webkit.messageHandlers;
        return !!(handlers && handlers.JSBridge) || !!window.JSBridge;
      };
    },
    platform: function (url) {
      return function () {
        return commandWithReply(url, undefined, true).then(function (info) {
          return info && info.platform;
        });
      };
    },
    ready: function () {
      return function (callback) {
        if (typeof callback === "function") setTimeout(callback, 0);
      };
    },
  };

  function buildFunction(kind, url, args, reply) {
    if (url.indexOf(" ") > 0) {
      var urls = url.split(" ");
      url = window.JSBridge && window.JSBridge.postMessage ? urls[0] : urls[1];
    }
    if (kind === "listen") return function (callback) { return listen(url, callback); };
    if (kind === "unlisten") return function (id) { return unlisten(url, id); };
    if (SPECIAL[kind]) return SPECIAL[kind](url, args);
    return function () {
      var target = url.replace("{0}", String(arguments[0]));
      return send(target, dataFrom(args, arguments), reply);
    };
  }

  function place(root, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    var node = keys.reduce(function (at, key) { return (at[key] = at[key] || {}); }, root);
    node[last] = value;
  }

  function lookup(root, path) {
    return path.split(".").reduce(function (at, key) { return at && at[key]; }, root);
  }

  var median = {};
  SURFACE.forEach(function (row) {
    if (row[1] !== "alias") place(median, row[0], buildFunction(row[1], row[2], row[3], row[4]));
  });
  SURFACE.forEach(function (row) {
    if (row[1] === "alias") place(median, row[0], lookup(median, row[2]));
  });

  if (!window.median) window.median = median;
  if (!window.gonative) window.gonative = window.median;

  // -- page load: the calls the app makes into a page that has finished loading ------------

  function runCalls(event) {
    var message = JSON.parse(event.data);
    (message.calls || []).forEach(function (call) {
      var called = callPage(call.function, call.args);
      if (called.status === "error") report("callback_error", call.function, called.message);
    });
  }

  // Calls from the app into the page (push opened, native events) come over a WebSocket,
  // which does not hold one of the browser's six HTTP connections to the harness per tab.
  function openStream() {
    var source;
    if (window.WebSocket) {
      source = new WebSocket(deviceUrl.replace(/^http/, "ws") + "/socket?page=" + pageId);
    } else if (window.EventSource) {
      source = new EventSource(deviceUrl + "/stream?page=" + pageId);
    } else {
      return;
    }
    source.onmessage = runCalls;
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function pageLoaded() {
    inOrder(function () {
      return post("/page-load", JSON.stringify({ url: location.href })).then(function (reply) {
        ((reply && reply.calls) || []).forEach(function (call) {
          var called = callPage(call.function, call.args);
          if (called.status === "error") report("callback_error", call.function, called.message);
        });
        openStream();
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
