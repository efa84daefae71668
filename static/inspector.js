/*
 * The inspector: the simulated app's users, subscriptions, players, outbox and events,
 * refreshed every second. Everything is written as text, never as HTML.
 */
(function () {
  "use strict";

  var PROBLEMS = ["unsupported_command", "callback_missing", "callback_error", "bad_message"];
  var appId = JSON.parse(document.getElementById("page-config").textContent).appId;
  var lastEvent = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function short(id) {
    return id ? String(id).slice(0, 8) : "—";
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

  function channel(item, extra) {
    var chip = element("div", "channel" + (item.enabled ? "" : " disabled"));
    chip.appendChild(element("strong", "", item.type));
    chip.appendChild(element("span", "", " " + short(item.id)));
    chip.appendChild(element("span", "muted", " device " + short(item.device_id)));
    if (!item.enabled) chip.appendChild(element("span", "muted", " (not subscribed)"));
    if (extra) chip.appendChild(element("span", "", " " + extra));
    return chip;
  }

  function renderUsers(users) {
    var box = document.getElementById("users");
    box.replaceChildren();
    if (users.length === 0) box.appendChild(element("p", "muted", "No users."));
    users.forEach(function (user) {
      var card = element("section", "box user");
      var identity = Object.assign({}, user.identity);
      var title = identity.external_id ? "external_id " + identity.external_id : "anonymous";
      card.appendChild(element("h3", "", title));
      card.appendChild(element("p", "muted", "onesignal_id " + identity.onesignal_id));
      delete identity.onesignal_id;
      card.appendChild(pairs("aliases", identity));
      card.appendChild(pairs("tags", user.properties.tags));
      user.subscriptions.forEach(function (subscription) {
        card.appendChild(channel(subscription));
      });
      box.appendChild(card);
    });
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
    var list = document.getElementById("outbox");
    list.replaceChildren();
    outbox.forEach(function (notification) {
      var text = (notification.contents.en || JSON.stringify(notification.contents)) +
        " — to " + notification.device_ids.length + " device(s), opened on " +
        Object.keys(notification.opened).length;
      list.appendChild(element("li", "", text));
    });
  }

  function clip(text) {
    return text.length > 160 ? text.slice(0, 160) + "…" : text;
  }

  function describeEvent(event) {
    if (event.kind === "unsupported_command" || event.kind === "bad_message") {
      return event.message || event.error;
    }
    if (event.kind === "bridge_command") {
      return event.command + (event.answered ? " → " + JSON.stringify(event.result) : " (no answer)");
    }
    if (event.kind === "rest_call") return event.method + " " + event.path + " → " + event.status;
    if (event.callback) return event.callback + (event.message ? ": " + event.message : "");
    return event.url || event.notification_id || "";
  }

  function appendEvents(events) {
    var body = document.querySelector("#events tbody");
    events.forEach(function (event) {
      lastEvent = Math.max(lastEvent, event.seq);
      var row = element("tr", PROBLEMS.indexOf(event.kind) >= 0 ? "problem" : "");
      row.appendChild(element("td", "", String(event.seq)));
      row.appendChild(element("td", "", event.kind));
      row.appendChild(element("td", "", short(event.device)));
      row.appendChild(element("td", "", clip(String(describeEvent(event)))));
      body.appendChild(row);
    });
  }

  function refresh() {
    var app = "app_id=" + encodeURIComponent(appId);
    var state = fetch("/_harness/state.json?" + app).then(function (r) { return r.json(); });
    var events = fetch("/_harness/events?" + app + "&after=" + lastEvent).then(function (r) {
      return r.json();
    });
    return Promise.all([state, events]).then(function (replies) {
      var snapshot = replies[0];
      document.getElementById("mau").textContent = String(snapshot.mau);
      renderUsers(snapshot.users);
      renderPlayers(snapshot.players);
      renderOutbox(snapshot.outbox);
      appendEvents(replies[1].events);
      document.body.dataset.refreshed = String(Date.now());
    }).catch(function () {
      document.getElementById("mau").textContent = "harness unreachable";
    });
  }

  refresh();
  setInterval(refresh, 1000);
})();
