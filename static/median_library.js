/*
 * The app-injected `median` library of the bridge stub, built from the command table: every
 * function of the official median-js-bridge library, posting what it posts. The stub inlines
 * this file (bridge.js stays one request) and calls buildMedianLibrary with its way of posting
 * to the native side and the table. No rule of the app or of OneSignal lives here.
 */
function buildMedianLibrary(postNative, table) {
  "use strict";

  // Which of a function's two URLs (Android's, iOS's) it posts to: the app's platform, as
  // the page's start shows it, even when the library is built later.
  var android = !!(window.JSBridge && window.JSBridge.postMessage);

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
      url = android ? urls[0] : urls[1];
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

  // The library is built on its first use: a page that never touches `median` (one that
  // posts through the official npm library, say) does not pay for 400 functions. Until
  // then each top-level name is a property that builds the whole library when read or set.
  var median = {};

  function build() {
    table.names.forEach(function (name) { delete median[name]; });
    var rows = JSON.parse(table.rows);
    rows.forEach(function (row) {
      if (row[1] !== "alias") place(median, row[0], buildFunction(row[1], row[2], row[3], row[4]));
    });
    rows.forEach(function (row) {
      if (row[1] === "alias") place(median, row[0], lookup(median, row[2]));
    });
  }

  table.names.forEach(function (name) {
    Object.defineProperty(median, name, {
      configurable: true,
      enumerable: true,
      get: function () {
        build();
        return median[name];
      },
      set: function (value) {
        build();
        median[name] = value;
      },
    });
  });

  return median;
}
