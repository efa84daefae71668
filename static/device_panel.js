/*
 * The device panel (desktop only): pick, create and change the simulated device the page
 * runs on. It only forwards to the harness's control API and reloads the page.
 */
(function () {
  "use strict";

  var panel = document.getElementById("device-panel");
  var stub = window.__medianHarness;
  if (!panel) return;
  if (!stub || !stub.active) {
    panel.hidden = true;
    return;
  }
  var message = document.getElementById("panel-message");

  function api(path, body) {
    var options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    };
    return fetch("/_harness" + path, options).then(function (response) {
      return response.json().then(function (reply) {
        if (!response.ok) throw new Error(reply.errors ? reply.errors[0].title : response.status);
        return reply;
      });
    });
  }

  function fail(error) {
    message.textContent = String(error.message || error);
  }

  function useDevice(id) {
    document.cookie = "median_harness_device=" + encodeURIComponent(id) + "; path=/; SameSite=Lax";
    location.reload();
  }

  function describe(device) {
    return device.platform + " " + device.app_version + " (" + device.sdk + " SDK), " +
      "permission " + device.push_permission;
  }

  var base = "/devices/" + encodeURIComponent(stub.device);
  var appId = null;
  api(base).then(function (device) {
    appId = device.app_id;
    document.getElementById("device-summary").textContent = describe(device);
    document.getElementById("permission-select").value = device.push_permission;
    return api("/devices?app_id=" + encodeURIComponent(appId));
  }).then(function (reply) {
    var select = document.getElementById("device-select");
    reply.devices.forEach(function (device) {
      var option = document.createElement("option");
      option.value = device.id;
      option.textContent = describe(device) + " — " + device.id.slice(0, 8);
      option.selected = device.id === stub.device;
      select.appendChild(option);
    });
  }).catch(fail);

  // What the simulated app shows beside the page: title, status bar, tabs, sidebar...
  var UI_LABELS = [
    ["title", "Title"],
    ["statusbar", "Status bar"],
    ["tabs", "Tabs"],
    ["selected_tab", "Selected tab"],
    ["sidebar", "Sidebar"],
    ["last_share", "Last share"],
    ["clipboard", "Clipboard"],
    ["connectivity", "Connectivity"],
    ["permissions", "Permissions"],
  ];

  function showUi(ui) {
    var list = document.getElementById("app-ui");
    list.textContent = "";
    UI_LABELS.forEach(function (pair) {
      var value = ui[pair[0]];
      if (value === undefined || value === null || value === "") return;
      if (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length) return;
      var term = document.createElement("dt");
      term.textContent = pair[1];
      var detail = document.createElement("dd");
      detail.textContent = typeof value === "string" ? value : JSON.stringify(value);
      list.append(term, detail);
    });
    if (!list.childElementCount) list.textContent = "Nothing set through the bridge yet.";
  }

  function showPairs(list, rows) {
    list.textContent = "";
    rows.forEach(function (row) {
      var term = document.createElement("dt");
      term.textContent = row[0];
      var detail = document.createElement("dd");
      detail.textContent = row[1] === null || row[1] === undefined ? "none" : String(row[1]);
      list.append(term, detail);
    });
  }

  function showState(device) {
    var rows = [["Push permission", device.push_permission]];
    if (device.sdk === "v5") {
      rows.push(["Subscription", device.subscription_id], ["OneSignal ID", device.onesignal_id],
        ["External ID", device.external_id]);
    } else {
      rows.push(["Player", device.player_id], ["External user id", device.external_user_id]);
    }
    rows.push(["Privacy consent", device.requires_privacy_consent
      ? (device.consent_given ? "given" : "required, not given") : "not required"]);
    showPairs(document.getElementById("app-state"), rows);
  }

  // A phone's notification shade: each notification, and tapping it (the page's
  // push-opened listeners get its data, as on a phone).
  function showNotifications(reply) {
    var list = document.getElementById("device-notifications");
    list.textContent = "";
    if (!reply.notifications.length) {
      list.textContent = "No notifications yet.";
      return;
    }
    reply.notifications.slice().reverse().forEach(function (notification) {
      var item = document.createElement("li");
      var title = notification.headings.en || "";
      var text = (title ? title + " — " : "") + (notification.contents.en || "") +
        (notification.data ? " " + JSON.stringify(notification.data) : "");
      item.append(text + " ");
      var open = document.createElement("button");
      open.type = "button";
      open.className = "small";
      open.textContent = notification.opened_on_device ? "Open again" : "Open";
      open.addEventListener("click", function () {
        api(base + "/notifications/" + notification.id + "/open", {}).then(refreshUi).catch(fail);
      });
      item.append(open);
      list.append(item);
    });
  }

  function refreshUi() {
    stub.idle().then(function () {
      return Promise.all([api(base + "/ui"), api(base), api(base + "/notifications")]);
    }).then(function (replies) {
      showUi(replies[0]);
      showState(replies[1]);
      showNotifications(replies[2]);
    }).catch(fail);
  }
  refreshUi();
  panel.querySelector("details").addEventListener("toggle", refreshUi);
  window.addEventListener("focus", refreshUi);

  document.getElementById("device-use").addEventListener("click", function () {
    useDevice(document.getElementById("device-select").value);
  });
  document.getElementById("device-reinstall").addEventListener("click", function () {
    api(base + "/reinstall", {}).then(function () { location.reload(); }).catch(fail);
  });
  document.getElementById("device-upgrade").addEventListener("click", function () {
    var version = document.getElementById("upgrade-version").value;
    api(base + "/upgrade", { app_version: version })
      .then(function () { location.reload(); })
      .catch(fail);
  });
  document.getElementById("device-permission").addEventListener("click", function () {
    var permission = document.getElementById("permission-select").value;
    api(base + "/permission", { push_permission: permission })
      .then(function () { location.reload(); })
      .catch(fail);
  });
  document.getElementById("new-device").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var body = {
      app_id: appId,
      platform: form.platform.value,
      app_version: form.app_version.value,
      push_permission: form.push_permission.value,
      requires_privacy_consent: form.requires_privacy_consent.checked,
    };
    if (form.sdk.value) body.sdk = form.sdk.value;
    api("/devices", body).then(function (device) { useDevice(device.id); }).catch(fail);
  });
})();
