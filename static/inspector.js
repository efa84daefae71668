/*
 * The inspector: the simulated app's users with their subscriptions and devices, legacy
 * players, the outbox and the event log, refreshed every second. Everything is written as
 * text, never as HTML.
 */
(function () {
  "use strict";

  var PROBLEMS = ["unsupported_command", "callback_missing", "callback_error", "bad_message",
    "unanswered_command"];
  var appId = JSON.parse(document.getElementById("page-config").textContent).appId;
  var lastEvent = 0;
  var events = [];
  var devices = {};

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function short(id) {
    return id ? String(id).slice(0, 8) : "—";
  }

  function when(seconds) {
    return seconds ? new Date(seconds * 1000).toLocaleTimeString() : "—";
  }

  function api(path, body) {
    var options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    };
    return fetch("/_harness" + path, options).then(function (response) { return response.json(); });
  }

  function pairs(title, values) {
    var list = element("dl", "pairs");
    list.appendChild(element("dt", "", title));
    var keys = Object.keys(values || {});
    if (keys.length === 0) list.appendChild(element("dd", "muted", "none"));
    keys.forEach(function (key) {
      list.appendChild(element("dd", "", key + " = " + values[key]));
    });
    return list;
  }

  function deviceLabel(id) {
    var device = devices[id];
    if (!device) return id ? "device " + short(id) + " (gone)" : "no device";
    return device.platform + " " + device.app_version + " · device " + short(id);
  }

  /** A subscription, and the device it lives on: one edge of the picture. */
  function channel(item) {
    var chip = element("div", "channel" + (item.enabled ? "" : " disabled"));
    chip.appendChild(element("strong", "", item.type));
    chip.appendChild(element("span", "", " " + short(item.id)));
    if (item.token && item.type !== "iOSPush" && item.type !== "AndroidPush") {
      chip.appendChild(element("span", "", " " + item.token));
    }
    chip.appendChild(element("span", "device-link", " → " + deviceLabel(item.device_id)));
    if (!item.enabled) chip.appendChild(element("span", "muted", " (not subscribed)"));
    return chip;
  }

  function userCard(user) {
    var card = element("section", "box user");
    var identity = Object.assign({}, user.identity);
    var title = identity.external_id ? "external_id " + identity.external_id : "anonymous";
    card.appendChild(element("h3", "", title));
    card.appendChild(element("p", "muted id", "onesignal_id " + identity.onesignal_id));
    delete identity.onesignal_id;
    card.appendChild(pairs("aliases", identity));
    card.appendChild(pairs("tags", user.properties.tags));
    if (user.subscriptions.length === 0) card.appendChild(element("p", "muted", "no subscriptions"));
    user.subscriptions.forEach(function (subscription) { card.appendChild(channel(subscription)); });
    return card;
  }

  function renderUsers(users) {
    var shown = document.getElementById("users");
    var folded = document.getElementById("anonymous");
    shown.replaceChildren();
    folded.replaceChildren();
    var hidden = 0;
    users.forEach(function (user) {
      var idle = !user.identity.external_id && user.subscriptions.length === 0;
      if (idle) hidden += 1;
      (idle ? folded : shown).appendChild(userCard(user));
    });
    if (!shown.childElementCount) shown.appendChild(element("p", "muted", "No users."));
    document.getElementById("anonymous-count").textContent = String(hidden);
    document.getElementById("anonymous-fold").hidden = hidden === 0;
  }

  function renderPlayers(players) {
    var box = document.getElementById("players");
    box.replaceChildren();
    if (players.length === 0) box.appendChild(element("p", "muted", "No legacy players."));
    players.forEach(function (player) {
      var card = element("section", "box player");
      card.appendChild(element("h3", "", "player " + short(player.id)));
      card.appendChild(element("p", "", "external_user_id " + (player.external_user_id || "none")));
      card.appendChild(pairs("tags", player.tags));
      card.appendChild(channel(player));
      box.appendChild(card);
    });
  }

  function renderOutbox(outbox) {
    var box = document.getElementById("outbox");
    box.replaceChildren();
    if (outbox.length === 0) box.appendChild(element("p", "muted", "No notifications sent."));
    outbox.slice().reverse().forEach(function (notification) {
      var card = element("section", "box notification");
      card.appendChild(element("h3", "", notification.headings.en || notification.contents.en ||
        JSON.stringify(notification.contents)));
      card.appendChild(element("p", "muted id", "id " + notification.id + " · " +
        when(notification.created_at) + " · from " + notification.source));
      if (notification.data) card.appendChild(element("pre", "wrap", JSON.stringify(notification.data)));
      var targets = element("ul", "targets");
      notification.device_ids.forEach(function (deviceId) {
        var item = element("li", "", deviceLabel(deviceId) + " ");
        if (notification.opened[deviceId]) {
          item.appendChild(element("span", "muted", "opened " + when(notification.opened[deviceId])));
        } else {
          var open = element("button", "small", "Open on device");
          open.type = "button";
          open.addEventListener("click", function () {
            api("/devices/" + deviceId + "/notifications/" + notification.id + "/open", {}).then(refresh);
          });
          item.appendChild(open);
        }
        targets.appendChild(item);
      });
      if (!notification.device_ids.length) targets.appendChild(element("li", "muted", "no device"));
      card.appendChild(targets);
      box.appendChild(card);
    });
  }

  function describeEvent(event) {
    if (["unsupported_command", "unanswered_command", "bad_message"].indexOf(event.kind) >= 0) {
      return event.message || event.error;
    }
    if (event.kind === "bridge_command") {
      return event.command + " " + JSON.stringify(event.data) +
        (event.answered ? " → " + JSON.stringify(event.result) : " (no answer)");
    }
    if (event.kind === "rest_call") return event.method + " " + event.path + " → " + event.status;
    if (event.callback) return event.callback + (event.message ? ": " + event.message : "");
    return event.url || event.notification_id || event.name || "";
  }

  function addOption(select, value, label) {
    if (!value || select.querySelector('option[value="' + CSS.escape(value) + '"]')) return;
    var option = element("option", "", label || value);
    option.value = value;
    select.appendChild(option);
  }

  function renderEvents() {
    var kind = document.getElementById("event-kind").value;
    var device = document.getElementById("event-device").value;
    var body = document.querySelector("#events tbody");
    body.replaceChildren();
    events.slice().reverse().filter(function (event) {
      return (!kind || event.kind === kind) && (!device || event.device === device);
    }).slice(0, 300).forEach(function (event) {
      var row = element("tr", PROBLEMS.indexOf(event.kind) >= 0 ? "problem" : "");
      row.appendChild(element("td", "", String(event.seq)));
      row.appendChild(element("td", "", when(event.time)));
      row.appendChild(element("td", "", event.kind));
      row.appendChild(element("td", "", short(event.device)));
      row.appendChild(element("td", "what", String(describeEvent(event))));
      body.appendChild(row);
    });
  }

  function takeEvents(found) {
    found.forEach(function (event) {
      lastEvent = Math.max(lastEvent, event.seq);
      events.push(event);
      addOption(document.getElementById("event-kind"), event.kind);
      addOption(document.getElementById("event-device"), event.device, short(event.device));
    });
    if (events.length > 2000) events = events.slice(-2000);
    if (found.length) renderEvents();
  }

  function refresh() {
    var app = "app_id=" + encodeURIComponent(appId);
    return Promise.all([
      api("/state.json?" + app),
      api("/events?" + app + "&after=" + lastEvent),
    ]).then(function (replies) {
      var snapshot = replies[0];
      devices = {};
      snapshot.devices.forEach(function (device) { devices[device.id] = device; });
      document.getElementById("mau").textContent = String(snapshot.mau);
      renderUsers(snapshot.users);
      renderPlayers(snapshot.players);
      renderOutbox(snapshot.outbox);
      takeEvents(replies[1].events);
      document.body.dataset.refreshed = String(Date.now());
    }).catch(function () {
      document.getElementById("mau").textContent = "harness unreachable";
    });
  }

  document.getElementById("event-kind").addEventListener("change", renderEvents);
  document.getElementById("event-device").addEventListener("change", renderEvents);
  document.getElementById("forget-idle").addEventListener("click", function () {
    api("/devices/forget-idle", { app_id: appId, idle_seconds: 3600 }).then(function (reply) {
      document.getElementById("forget-result").textContent =
        reply.forgotten ? reply.forgotten.length + " device(s) forgotten." : "Could not forget devices.";
      return refresh();
    });
  });
  document.getElementById("import-file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) return;
    var result = document.getElementById("import-result");
    fetch("/_harness/apps/" + encodeURIComponent(appId) + "/import", {
      method: "POST", headers: { "Content-Type": "text/csv" }, body: file,
    }).then(function (response) { return response.json(); }).then(function (reply) {
      result.textContent = reply.errors ? reply.errors[0].title :
        reply.created + " created, " + reply.updated + " updated, " + reply.rejected + " rejected" +
        reply.rejections.slice(0, 5).map(function (r) { return "; line " + r.line + ": " + r.reason; }).join("");
      return refresh();
    });
  });
  refresh();
  setInterval(refresh, 1000);
})();
