/*
 * The phone page of one simulated device: what its app shows and holds, its notification
 * tray, and the controls a person has on a phone (permissions, connectivity, reinstall,
 * upgrade), plus the harness's own (native events, programmed answers). Refreshed every
 * second; everything is written as text, never as HTML. No rule lives here: each button is one
 * control-API call.
 */
(function () {
  "use strict";

  var device = decodeURIComponent(location.pathname.split("/")[3] || "");
  var base = "/_harness/devices/" + encodeURIComponent(device);
  var PERMISSIONS = ["Camera", "Microphone", "LocationWhenInUse", "Contacts", "PhotoLibrary"];
  var lastEvent = 0;
  var appId = null;

  function $(id) { return document.getElementById(id); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function call(method, path, body) {
    var options = { method: method, headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 204) return null;
      return response.json().then(function (reply) {
        if (!response.ok) {
          var error = reply && reply.errors && reply.errors[0];
          throw new Error((error && (error.title || error)) || "HTTP " + response.status);
        }
        return reply;
      });
    });
  }

  function problem(error) {
    $("problem").hidden = !error;
    $("problem").textContent = error ? String(error.message || error) : "";
  }

  function json(text) {
    try {
      return JSON.parse(text || "null");
    } catch (error) {
      throw new Error("Not JSON: " + text);
    }
  }

  function act(work) {
    return function (event) {
      if (event) event.preventDefault();
      Promise.resolve().then(work).then(function () { problem(null); refresh(); }, problem);
    };
  }

  function pair(list, name, value) {
    list.appendChild(element("dt", "", name));
    list.appendChild(element("dd", "", value === null || value === undefined ? "—" : String(value)));
  }

  function showState(state) {
    appId = state.app_id;
    $("title").textContent = (state.platform === "android" ? "Android" : "iPhone") + " · " +
      state.app_version + " · " + state.sdk;
    $("summary").textContent = "Device " + state.id;
    var list = $("state");
    list.replaceChildren();
    pair(list, "Push permission", state.push_permission);
    pair(list, "Subscription", state.subscription_id);
    if (state.sdk === "v5") {
      pair(list, "OneSignal ID", state.onesignal_id);
      pair(list, "External ID", state.external_id);
    } else {
      pair(list, "Player", state.player_id);
      pair(list, "External user ID", state.external_user_id);
    }
    pair(list, "Privacy consent", state.requires_privacy_consent
      ? (state.consent_given ? "given" : "required, not given") : "not required");
    pair(list, "Installation", state.installation_id);
    pair(list, "User agent", state.web_view && state.web_view.user_agent);
  }

  function showTray(notifications) {
    var tray = $("tray");
    tray.replaceChildren();
    if (!notifications.length) tray.appendChild(element("li", "muted", "No notifications yet."));
    notifications.slice().reverse().forEach(function (n) {
      var item = element("li", "tray-item");
      var text = element("div");
      text.appendChild(element("strong", "", (n.headings && n.headings.en) || "Notification"));
      text.appendChild(element("div", "", (n.contents && n.contents.en) || ""));
      if (n.data) text.appendChild(element("code", "muted", JSON.stringify(n.data)));
      item.appendChild(text);
      var open = element("button", "", n.opened_on_device ? "Open again" : "Open");
      open.type = "button";
      open.addEventListener("click", act(function () {
        return call("POST", base + "/notifications/" + encodeURIComponent(n.id) + "/open", {});
      }));
      item.appendChild(open);
      tray.appendChild(item);
    });
  }

  function showAnswers(answers) {
    var list = $("answers");
    list.replaceChildren();
    if (!answers.length) list.appendChild(element("li", "muted", "None: the app answers as modelled."));
    answers.forEach(function (a) {
      list.appendChild(element("li", "", a.command + " → " + JSON.stringify(a.result) +
        (a.count ? " (" + a.count + " more)" : "")));
    });
  }

  var OUTSIDE = { external: "opened in the system browser: ", appbrowser: "opened in the in-app browser: " };

  function showItems(list, items, none) {
    list.replaceChildren();
    if (!items || !items.length) list.appendChild(element("li", "muted", none));
    (items || []).forEach(function (item) {
      var entry = element("li", "", item.label || item.url || "");
      if (item.url) entry.appendChild(element("span", "muted", " " + item.url));
      list.appendChild(entry);
    });
  }

  // What the app shows around the page: its sidebar and tab bar (from its config, or as the
  // page set them), and the links its rules sent out of the web view, newest first.
  function showUi(ui) {
    $("page-url").textContent = ui.url ? "Showing " + ui.url : "No page has loaded yet.";
    showItems($("sidebar"), ui.sidebar && ui.sidebar.items, "No sidebar.");
    var tabs = ui.tabs && ui.tabs.tabs ? ui.tabs.tabs : ui.tab_menu && ui.tab_menu.items;
    showItems($("tabs"), tabs, "No tab bar on this page.");
    var outside = $("outside");
    outside.replaceChildren();
    var opened = (ui.opened_outside || []).slice().reverse();
    if (!opened.length) outside.appendChild(element("li", "muted", "Nothing yet."));
    opened.forEach(function (link) {
      var entry = element("li", "wrap", OUTSIDE[link.mode] + link.url);
      if (link.label) entry.appendChild(element("span", "muted", " (" + link.label + ")"));
      outside.appendChild(entry);
    });
  }

  function showEvents(events) {
    var log = $("log");
    events.forEach(function (e) {
      lastEvent = Math.max(lastEvent, e.seq);
      if (["bridge_command", "unsupported_command", "link_opened"].indexOf(e.kind) < 0) return;
      var item = element("li", e.kind === "unsupported_command" ? "problem" : "");
      item.appendChild(element("code", "", e.command));
      item.appendChild(element("span", "muted", " " + JSON.stringify(e.data || {})));
      var answer = e.kind === "unsupported_command" ? e.message
        : e.kind === "link_opened" ? OUTSIDE[e.command.split("/")[1]] + e.url
        : (e.answered ? "→ " + JSON.stringify(e.result) : "(no answer)");
      item.appendChild(element("div", "wrap", answer));
      log.insertBefore(item, log.firstChild);
    });
    while (log.children.length > 200) log.removeChild(log.lastChild);
  }

  function refresh() {
    return Promise.all([
      call("GET", base),
      call("GET", base + "/notifications"),
      call("GET", base + "/responses"),
      call("GET", base + "/ui"),
    ]).then(function (replies) {
      showState(replies[0]);
      showTray(replies[1].notifications);
      showAnswers(replies[2].responses);
      showUi(replies[3]);
      var query = "?app_id=" + encodeURIComponent(appId) + "&device=" + encodeURIComponent(device) +
        "&after=" + lastEvent;
      return call("GET", "/_harness/events" + query);
    }).then(function (reply) { showEvents(reply.events); }, problem);
  }

  function permissionControls() {
    var box = $("permissions");
    var push = element("select");
    push.id = "push-permission";
    ["granted", "denied", "not_determined"].forEach(function (value) {
      push.appendChild(element("option", "", value));
    });
    push.addEventListener("change", act(function () {
      return call("POST", base + "/permission", { push_permission: push.value });
    }));
    var label = element("label", "", "Push ");
    label.appendChild(push);
    box.appendChild(label);
    PERMISSIONS.forEach(function (name) {
      var select = element("select");
      ["undetermined", "granted", "denied"].forEach(function (value) {
        select.appendChild(element("option", "", value));
      });
      select.addEventListener("change", act(function () {
        return call("POST", base + "/permission", { permission: name, status: select.value });
      }));
      var each = element("label", "", name + " ");
      each.appendChild(select);
      box.appendChild(each);
    });
  }

  function connectivity() {
    return call("POST", base + "/connectivity", {
      connected: $("connected").checked, type: $("connection-type").value,
    });
  }

  $("reinstall").addEventListener("click", act(function () {
    return call("POST", base + "/reinstall", {});
  }));
  $("upgrade").addEventListener("click", act(function () {
    return call("POST", base + "/upgrade", { app_version: $("upgrade-version").value.trim() });
  }));
  $("push").addEventListener("submit", act(function () {
    return call("POST", base + "/notifications", {
      contents: { en: $("push-text").value }, data: json($("push-data").value),
    });
  }));
  $("fire").addEventListener("submit", act(function () {
    return call("POST", base + "/events", {
      name: $("event-name").value.trim(), data: json($("event-data").value),
    }).then(function (reply) {
      $("fire-result").textContent = "reached " + reply.delivered_to_pages + " page(s)";
    });
  }));
  $("respond").addEventListener("submit", act(function () {
    return call("POST", base + "/responses", {
      command: $("answer-command").value.trim(), result: json($("answer-result").value),
    });
  }));
  $("forget-answers").addEventListener("click", act(function () {
    return call("DELETE", base + "/responses");
  }));
  $("connected").addEventListener("change", act(connectivity));
  $("connection-type").addEventListener("change", act(connectivity));

  permissionControls();
  refresh().then(function () {
    call("GET", base).then(function (state) { $("push-permission").value = state.push_permission; });
  });
  setInterval(refresh, 1000);
})();
