/*
 * Working where the signal is not: offline visit drafts, the outbox, the offline data.
 *
 * Plain JavaScript, no build step. Loaded by every page (templates/base.html) and by the
 * service worker (/sw.js, importScripts), which share the draft store below.
 *
 * - Drafts live in IndexedDB ("dundian-offline"): all fields of the visit form, its
 *   recruitment rows and the photos already scaled down by photo-resize.js. Each draft has
 *   the id the form was given when it opened (client_id); the server keeps one visit per
 *   id, so a draft sent twice is saved once and the second send gets the first's address.
 * - The visit form: offline (or when the network fails on the way, see sw.js) the draft is
 *   kept and the page says "已保存在本机，联网后自动上传". A draft opened from the outbox
 *   (?draft=<id>) comes back with what was typed and the server's message at its fields.
 * - The outbox (/visits/outbox/) lists the drafts with their state; each page load, and the
 *   moment the phone is back online, sends them oldest first to /visits/sync/.
 * - While online the pages a cadre needs without signal are kept in the "dundian-data"
 *   cache (the list comes from /visits/offline/pages/); offline they open read-only,
 *   marked with the time of the last sync.
 * - Logging out drops it all: drafts, caches, the service worker.
 */
(function (root) {
  "use strict";

  var DB_NAME = "dundian-offline";
  var STORE = "drafts";
  var DATA_CACHE = "dundian-data";
  var META_KEY = "/__dundian-offline-meta__";
  var SYNC_EVERY_MS = 15 * 60 * 1000;
  var RETRY_EVERY_MS = 60 * 1000;
  var SENT_KEY = "dundian-offline-sent";
  var SYNC_STARTED_KEY = "dundian-offline-sync-started";
  var SYNC_RETRY_MS = 60 * 1000;
  // Logging out waits this long at most for each step (the upload under way, dropping the
  // stores): a send that never answers (one bar of signal) must not keep a cadre signed in.
  var LOGOUT_STEP_MS = 5 * 1000;
  var CLEAR_PENDING_KEY = "dundian-offline-clear-pending";
  var SAVED_TEXT = "已保存在本机，联网后自动上传。";
  var NETWORK_TEXT = "网络不通，联网后自动上传。";
  var STATE_LABELS = {
    pending: "待上传",
    sending: "上传中",
    invalid: "需要修改",
    login: "等待重新登录",
    error: "上传失败，稍后重试",
  };

  /* ---------- the draft store (pages and the service worker) ---------- */

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
        transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function listDrafts() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (drafts) {
      return (drafts || []).sort(function (a, b) { return a.created < b.created ? -1 : a.created > b.created ? 1 : 0; });
    });
  }

  function getDraft(id) {
    return withStore("readonly", function (store) { return store.get(id); });
  }

  function putDraft(draft) {
    return withStore("readwrite", function (store) { return store.put(draft); }).then(function () { return draft; });
  }

  /* Change a draft only if it is still there: a send that ends after a delete (or a logout)
     must not bring the draft back. */
  function updateDraft(draft) {
    return withStore("readwrite", function (store) {
      var request = store.get(draft.id);
      request.onsuccess = function () { if (request.result) store.put(draft); };
      return null;
    }).then(function () { return draft; });
  }

  function deleteDraft(id) {
    return withStore("readwrite", function (store) { return store.delete(id); });
  }

  function newId() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* Keep a posted visit form as a draft: every field, the recruitment rows, the photos. */
  function keepFormData(formData, action) {
    var fields = [];
    var photos = [];
    var meta = {};
    formData.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (name.indexOf("_draft_") === 0) { meta[name.slice(7)] = value; return; }
      if (typeof value !== "string") {
        if (value && value.size) photos.push({ name: value.name || "photo.jpg", type: value.type || "image/jpeg", blob: value });
        return;
      }
      fields.push([name, value]);
    });
    var value = function (name) {
      var found = fields.filter(function (f) { return f[0] === name; })[0];
      return found ? found[1] : "";
    };
    var id = value("client_id") || newId();
    return getDraft(id).then(function (before) {
      var now = new Date().toISOString();
      return putDraft({
        id: id,
        user: meta.user || (before && before.user) || "",
        action: action,
        plan: meta.plan || "",
        team: value("team") || meta.team || "",
        fields: fields.filter(function (f) { return f[0] !== "client_id" && f[0] !== "team"; }),
        photos: photos,
        label: { unit: meta.unit || "", date: value("date"), summary: value("summary") },
        created: before ? before.created : now,
        updated: now,
        state: "pending",
        message: "",
        errors: {},
      });
    });
  }

  function formDataOf(draft) {
    var data = new FormData();
    draft.fields.forEach(function (f) { data.append(f[0], f[1]); });
    data.append("client_id", draft.id);
    if (draft.team) data.append("team", draft.team);
    if (draft.plan) data.append("plan", draft.plan);
    draft.photos.forEach(function (p) { data.append("photos", p.blob, p.name); });
    return data;
  }

  function clearDataCache() {
    return root.caches ? root.caches.delete(DATA_CACHE) : Promise.resolve(false);
  }

  root.DundianOffline = {
    DATA_CACHE: DATA_CACHE,
    META_KEY: META_KEY,
    listDrafts: listDrafts,
    getDraft: getDraft,
    deleteDraft: deleteDraft,
    keepFormData: keepFormData,
  };

  if (typeof document === "undefined") return; // the service worker needs only the store

  /* ---------- pages ---------- */

  var script = document.getElementById("offline-js");
  var config = script ? script.dataset : {};
  var userId = config.user || "";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function changed() {
    document.dispatchEvent(new CustomEvent("dundian:outbox-changed"));
  }

  function mine(drafts) {
    return drafts.filter(function (d) { return String(d.user) === String(userId); });
  }

  function localTime(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  /* ----- sending: oldest first, one at a time, never twice at once ----- */

  function setState(draft, state, message, extra) {
    draft.state = state;
    draft.message = message || "";
    draft.errors = (extra && extra.errors) || {};
    draft.loginUrl = (extra && extra.login_url) || "";
    return updateDraft(draft);
  }

  function remember(sent) {
    try {
      var list = JSON.parse(root.sessionStorage.getItem(SENT_KEY) || "[]");
      list.push(sent);
      root.sessionStorage.setItem(SENT_KEY, JSON.stringify(list.slice(-20)));
    } catch (error) { /* private mode: the outbox just does not list what went */ }
  }

  function readJson(response) {
    return response.json().then(function (body) { return body; }, function () { return null; });
  }

  function session() {
    return fetch(config.sync, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        return readJson(response).then(function (body) { return { status: response.status, body: body || {} }; });
      });
  }

  /* Send one draft; resolves true to go on with the next one, false to stop the round. */
  function sendOne(draft, csrf) {
    return setState(draft, "sending").then(function () {
      return fetch(config.sync, {
        method: "POST",
        body: formDataOf(draft),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
    }).then(function (response) {
      return readJson(response).then(function (body) {
        if (body && body.url && (response.status === 200 || response.status === 201)) {
          remember({ url: body.url, label: draft.label, again: body.status === "exists" });
          return deleteDraft(draft.id).then(function () { return true; });
        }
        if (response.status === 401 && body) return setState(draft, "login", body.message, body).then(function () { return false; });
        if (body && body.status === "invalid") return setState(draft, "invalid", body.message, body).then(function () { return true; });
        if (response.status === 403) {
          return setState(draft, "login", "页面已过期，请刷新页面或重新登录后再上传。").then(function () { return false; });
        }
        return setState(draft, "error", "服务器暂时无法保存（HTTP " + response.status + "），稍后自动重试。").then(function () { return false; });
      });
    }, function () {
      return setState(draft, "pending", NETWORK_TEXT).then(function () { return false; });
    });
  }

  function sendRound(onlyId) {
    return listDrafts().then(function (drafts) {
      var waiting = mine(drafts).filter(function (d) {
        return onlyId ? d.id === onlyId : d.state !== "invalid";
      });
      if (!waiting.length) return null;
      return session().then(function (answer) {
        if (answer.status === 401) {
          return Promise.all(waiting.map(function (d) { return setState(d, "login", answer.body.message, answer.body); }));
        }
        if (!answer.body.csrf) return null;
        return waiting.reduce(function (previous, draft) {
          return previous.then(function (goOn) { return goOn ? sendOne(draft, answer.body.csrf) : false; });
        }, Promise.resolve(true));
      }, function () {
        return Promise.all(waiting.map(function (d) { return setState(d, "pending", NETWORK_TEXT); }));
      });
    });
  }

  var sending = null;
  var leaving = false;
  function sendAll(onlyId) {
    if (!userId || leaving) return Promise.resolve();
    if (sending) return sending.then(function () { return onlyId ? sendAll(onlyId) : null; });
    var round = function () { return sendRound(onlyId); };
    var locked = navigator.locks && navigator.locks.request ? navigator.locks.request("dundian-outbox", round) : round();
    sending = locked.catch(function () { return null; }).then(function () { sending = null; changed(); });
    return sending;
  }

  /* ----- keeping the pages a cadre needs offline ----- */

  function readMeta() {
    if (!root.caches) return Promise.resolve(null);
    return root.caches.match(META_KEY, { cacheName: DATA_CACHE }).then(function (hit) {
      return hit ? hit.json().catch(function () { return null; }) : null;
    });
  }

  function syncPages(force) {
    if (!userId || !root.caches || !config.pages) return Promise.resolve();
    return readMeta().then(function (meta) {
      // Age by this phone's own clock (kept_at), never by the server's time (synced_at, shown to
      // the cadre): a phone set an hour ahead synced on every page, one set behind never again.
      var age = meta && meta.kept_at ? Date.now() - meta.kept_at : -1;
      var fresh = meta && String(meta.user) === String(userId) && age >= 0 && age < SYNC_EVERY_MS;
      if (fresh && !force) return meta;
      // A sync cut short by the next page is not restarted on every page: once a minute at most.
      var started = (root.localStorage.getItem(SYNC_STARTED_KEY) || ":0").split(":");
      if (!force && started[0] === String(userId) && Date.now() - parseInt(started[1], 10) < SYNC_RETRY_MS) return meta;
      root.localStorage.setItem(SYNC_STARTED_KEY, userId + ":" + Date.now());
      var start = meta && String(meta.user) !== String(userId) ? clearDataCache() : Promise.resolve();
      return start.then(function () {
        return fetch(config.pages, { credentials: "same-origin", cache: "no-store" });
      }).then(function (response) {
        if (!response.ok) return null;
        return response.json().then(function (list) {
          return root.caches.open(DATA_CACHE).then(function (cache) {
            var bytes = 0;
            var kept = list.pages.reduce(function (previous, page) {
              return previous.then(function () {
                return fetch(page, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
                  if (!r.ok || r.redirected) return null;
                  return r.clone().blob().then(function (b) { bytes += b.size; return cache.put(page, r); });
                }).catch(function () { return null; });
              });
            }, Promise.resolve());
            return kept.then(function () {
              var stored = { user: list.user, synced_at: list.synced_at, kept_at: Date.now(), pages: list.pages, bytes: bytes };
              return cache.put(META_KEY, new Response(JSON.stringify(stored), { headers: { "Content-Type": "application/json" } }))
                .then(function () { return stored; });
            });
          });
        });
      });
    }).then(function (meta) {
      if (meta && meta.synced_at) document.documentElement.dataset.offlineSynced = meta.synced_at;
      showSyncInfo(meta);
      return meta;
    }).catch(function () { return null; });
  }

  function showSyncInfo(meta) {
    var info = document.getElementById("offline-sync-info");
    if (info && meta && meta.synced_at) {
      info.textContent = "本机离线资料（工作计划、诉求、单位和企业）最后同步于 " + localTime(meta.synced_at) + "。";
    }
  }

  /* ----- logout drops everything kept on this phone ----- */

  function clearAll() {
    var jobs = [];
    if (root.caches) {
      jobs.push(root.caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("dundian-") === 0; }).map(function (k) { return root.caches.delete(k); }));
      }));
    }
    jobs.push(new Promise(function (resolve) {
      var request = root.indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    }));
    if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    try {
      root.sessionStorage.removeItem(SENT_KEY);
      root.localStorage.removeItem(SYNC_STARTED_KEY);
    } catch (error) { /* nothing kept */ }
    return Promise.all(jobs).then(function () {
      try { root.localStorage.removeItem(CLEAR_PENDING_KEY); } catch (error) { /* nothing kept */ }
    }).catch(function () { return null; });
  }

  function clearPending() {
    try { return root.localStorage.getItem(CLEAR_PENDING_KEY) === "1"; } catch (error) { return false; }
  }

  /* Resolves with the promise's value, or with null once ms have passed. */
  function atMost(promise, ms) {
    return Promise.race([
      promise.catch(function () { return null; }),
      new Promise(function (resolve) { setTimeout(function () { resolve(null); }, ms); }),
    ]);
  }

  function onLogout(event) {
    var form = event.target;
    if (!form || form.tagName !== "FORM" || !config.logout) return;
    if (new URL(form.action, location.href).pathname !== config.logout || form.dataset.cleared) return;
    event.preventDefault();
    atMost(listDrafts(), LOGOUT_STEP_MS).then(function (drafts) {
      var n = mine(drafts || []).length;
      if (n && !root.confirm("本机还有 " + n + " 条未上传的走访草稿，退出后将从本机删除。确定退出吗？")) return;
      leaving = true; // no new round; the one under way may end before the store is dropped
      // Should a step not end in time, the next page this browser opens (the login page) drops
      // the stores before anything else: the cadre is signed out either way, nothing is left.
      try { root.localStorage.setItem(CLEAR_PENDING_KEY, "1"); } catch (error) { /* private mode */ }
      atMost(sending || Promise.resolve(), LOGOUT_STEP_MS).then(function () {
        return atMost(clearAll(), LOGOUT_STEP_MS);
      }).then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  }

  /* ----- the visit form ----- */

  function setMeta(form, name, value) {
    var input = form.querySelector('input[name="_draft_' + name + '"]');
    if (!input) {
      input = el("input", { type: "hidden", name: "_draft_" + name });
      form.appendChild(input);
    }
    input.value = value || "";
  }

  function writeMeta(form) {
    var team = form.querySelector("[name=team]");
    var unit = form.querySelector("select[name=unit]");
    setMeta(form, "user", userId);
    setMeta(form, "team", team ? team.value : "");
    setMeta(form, "plan", form.dataset.plan || "");
    setMeta(form, "unit", unit && unit.selectedIndex > 0 ? unit.options[unit.selectedIndex].text : "");
  }

  function statusBox(form) {
    return form.querySelector("#offline-draft-status") || form;
  }

  function showSaved(form, draft, message) {
    var box = statusBox(form);
    box.textContent = "";
    box.appendChild(el("div", { className: "alert alert-success", role: "status", "data-testid": "draft-saved" }, [
      el("strong", { text: message || SAVED_TEXT }),
      el("div", { className: "mt-2 d-flex flex-wrap gap-2" }, [
        el("a", { className: "btn btn-sm btn-outline-success", href: config.outbox, text: "查看待上传的草稿" }),
        el("a", { className: "btn btn-sm btn-outline-secondary", href: location.pathname, text: "再填一条" }),
      ]),
    ]));
    form.dataset.editingDraft = draft.id;
    box.scrollIntoView({ block: "start" });
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".offline-error"), function (n) { n.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".offline-invalid"), function (n) {
      n.classList.remove("is-invalid", "offline-invalid");
    });
  }

  function showErrors(form, draft) {
    clearErrors(form);
    var box = statusBox(form);
    box.textContent = "";
    if (!draft.message) return;
    box.appendChild(el("div", { className: "alert alert-danger", role: "alert", "data-testid": "draft-message" }, [
      el("div", { text: "这条草稿还没有上传：" + draft.message }),
      draft.loginUrl ? el("a", { href: draft.loginUrl, text: "重新登录" }) : null,
    ]));
    Object.keys(draft.errors || {}).forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      if (!field) return;
      if (field.type !== "checkbox" && field.type !== "hidden") field.classList.add("is-invalid", "offline-invalid");
      var holder = field.closest(".mb-3, .col-7, .col-5, .col-6, fieldset") || field.parentNode;
      draft.errors[name].forEach(function (text) {
        holder.appendChild(el("div", { className: "invalid-feedback d-block offline-error", text: text }));
      });
    });
  }

  function refreshed(field) {
    // The unit (or team) changed: htmx fetches the enterprise and cadre choices again.
    return new Promise(function (resolve) {
      var finished = false;
      var done = function () {
        if (finished) return;
        finished = true;
        ["htmx:afterSettle", "htmx:sendError", "htmx:responseError"].forEach(function (name) { document.body.removeEventListener(name, done); });
        resolve();
      };
      ["htmx:afterSettle", "htmx:sendError", "htmx:responseError"].forEach(function (name) { document.body.addEventListener(name, done); });
      setTimeout(done, 5000);
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function fill(form, draft) {
    var values = {};
    draft.fields.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
    var step = Promise.resolve();
    var team = form.querySelector("select[name=team]");
    if (team && draft.team && team.value !== draft.team) {
      step = step.then(function () { team.value = draft.team; return refreshed(team); });
    }
    step = step.then(function () {
      var unit = form.querySelector("select[name=unit]");
      var wanted = (values.unit || [""])[0];
      if (unit && wanted && unit.value !== wanted) {
        unit.value = wanted;
        if (unit.value === wanted) return refreshed(unit);
      }
      return null;
    });
    return step.then(function () {
      var rows = 0;
      Object.keys(values).forEach(function (name) {
        var m = /^recruit-(\d+)-/.exec(name);
        if (m) rows = Math.max(rows, parseInt(m[1], 10) + 1);
      });
      var total = form.querySelector("[name='recruit-TOTAL_FORMS']");
      var add = document.getElementById("add-recruitment");
      while (total && add && parseInt(total.value, 10) < rows && !add.disabled) add.click();
      Object.keys(values).forEach(function (name) {
        if (name === "unit" || /^recruit-[A-Z_]+$/.test(name)) return;
        Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (field) {
          if (field.type === "checkbox" || field.type === "radio") field.checked = values[name].indexOf(field.value) !== -1;
          else if (field.type !== "file" && field.type !== "hidden") field.value = values[name][0];
        });
      });
      var photos = form.querySelector("input[type=file][name=photos]");
      if (photos && draft.photos.length && typeof DataTransfer !== "undefined") {
        var transfer = new DataTransfer();
        draft.photos.forEach(function (p) { transfer.items.add(new File([p.blob], p.name, { type: p.type })); });
        photos.files = transfer.files;
        var status = document.getElementById("photo-status");
        if (status) status.textContent = "已选择 " + draft.photos.length + " 张照片（本机草稿中的照片）。";
      }
      var details = form.querySelector("details.findings");
      if (details && ["operations_findings", "mood_findings", "hotspot_findings"].some(function (n) { return (values[n] || [""])[0]; })) details.open = true;
    });
  }

  function reopen(form, id) {
    return getDraft(id).then(function (draft) {
      if (!draft) {
        statusBox(form).appendChild(el("div", { className: "alert alert-warning", text: "本机没有这条草稿（可能已经上传或已删除）。" }));
        return;
      }
      form.dataset.editingDraft = draft.id;
      form.querySelector("input[name=client_id]").value = draft.id;
      return fill(form, draft).then(function () { showErrors(form, draft); });
    });
  }

  function keepForm(form) {
    writeMeta(form);
    var buttons = form.querySelectorAll("[type=submit]");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var action = new URL(form.action || location.href, location.href).pathname;
    return keepFormData(new FormData(form), action).then(function (draft) {
      changed();
      if (!navigator.onLine) return showSaved(form, draft);
      return sendAll(draft.id).then(function () { return getDraft(draft.id); }).then(function (after) {
        if (!after) {
          var sent = JSON.parse(root.sessionStorage.getItem(SENT_KEY) || "[]").pop();
          location.href = sent ? sent.url : config.outbox;
        } else if (after.state === "invalid" || after.state === "login") {
          showErrors(form, after);
        } else {
          showSaved(form, after);
        }
      });
    }).catch(function () {
      statusBox(form).appendChild(el("div", { className: "alert alert-danger", text: "本机无法保存草稿（浏览器存储不可用），请联网后再提交。" }));
    }).then(function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  }

  function setupForm(form) {
    var id = form.querySelector("input[name=client_id]");
    if (id && !id.value) id.value = newId();
    var params = new URLSearchParams(location.search);
    if (params.get("draft")) reopen(form, params.get("draft"));
    form.addEventListener("submit", function (event) {
      writeMeta(form);
      // Online, a new visit posts as ever (sw.js keeps it as a draft if the network fails on
      // the way); offline, a draft being corrected, or a form from the offline copy (its CSRF
      // token may be older than the session) goes through the draft store and the sync.
      var copy = document.querySelector('meta[name="dundian-offline-copy"]');
      if (form.dataset.editingDraft || !navigator.onLine || copy) {
        event.preventDefault();
        keepForm(form);
      }
    });
  }

  /* The team/unit fragment came from the offline copy: put back the ticks the cadre made. */
  var ticked = null;
  function watchFragments() {
    document.body.addEventListener("htmx:beforeRequest", function () {
      ticked = Array.prototype.map.call(
        document.querySelectorAll("#team-unit-fields input[type=checkbox]:checked"),
        function (box) { return box.name + "=" + box.value; }
      );
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (!ticked || !xhr || !xhr.getResponseHeader("X-Dundian-Offline")) return;
      Array.prototype.forEach.call(document.querySelectorAll("#team-unit-fields input[type=checkbox]"), function (box) {
        box.checked = ticked.indexOf(box.name + "=" + box.value) !== -1;
      });
    });
  }

  /* ----- the outbox ----- */

  function draftCard(draft, own) {
    var recruited = draft.fields.filter(function (f) { return /^recruit-\d+-count$/.test(f[0]); })
      .reduce(function (sum, f) { return sum + (parseInt(f[1], 10) || 0); }, 0);
    var state = own ? (STATE_LABELS[draft.state] || draft.state) : "属于其他账号";
    var badge = draft.state === "invalid" || draft.state === "login" ? "bg-danger" : draft.state === "error" ? "bg-warning text-dark" : "bg-secondary";
    var summary = draft.label.summary || "（未填写工作内容）";
    var edit = draft.action + "?draft=" + encodeURIComponent(draft.id);
    var remove = el("button", { type: "button", className: "btn btn-sm btn-outline-danger", text: "删除" });
    remove.addEventListener("click", function () {
      if (!root.confirm("删除后这条草稿不会上传，也无法恢复。确定删除吗？")) return;
      deleteDraft(draft.id).then(changed);
    });
    return el("article", { className: "card mb-2 outbox-draft", "data-draft": draft.id, "data-state": draft.state }, [
      el("div", { className: "card-body p-3" }, [
        el("div", { className: "d-flex justify-content-between align-items-start gap-2" }, [
          el("strong", { text: (draft.label.date || "未填日期") + " · " + (draft.label.unit || "未选单位") }),
          el("span", { className: "badge " + badge + " outbox-state", text: state }),
        ]),
        el("p", { className: "mb-1 text-break", text: summary.length > 60 ? summary.slice(0, 60) + "…" : summary }),
        el("p", { className: "small text-secondary mb-2", text: draft.photos.length + " 张照片 · 入会 " + recruited + " 人 · 保存于 " + localTime(draft.created) }),
        draft.message ? el("div", { className: "alert alert-danger small py-2 mb-2 outbox-message", text: draft.message }) : null,
        draft.state === "login" && draft.loginUrl ? el("a", { className: "d-inline-block mb-2", href: draft.loginUrl, text: "重新登录后自动上传" }) : null,
        own ? el("div", { className: "d-flex gap-2" }, [el("a", { className: "btn btn-sm btn-outline-primary", href: edit, text: "修改" }), remove]) : null,
      ]),
    ]);
  }

  function renderOutbox() {
    var list = document.getElementById("outbox-list");
    if (!list) return Promise.resolve();
    var notice = document.getElementById("outbox-notice");
    var params = new URLSearchParams(location.search);
    return listDrafts().then(function (drafts) {
      if (notice) {
        notice.textContent = "";
        if (params.get("saved") && drafts.some(function (d) { return d.id === params.get("saved"); })) {
          notice.appendChild(el("div", { className: "alert alert-success", role: "status", "data-testid": "draft-saved", text: SAVED_TEXT }));
        }
        var sent = [];
        try { sent = JSON.parse(root.sessionStorage.getItem(SENT_KEY) || "[]"); } catch (error) { sent = []; }
        sent.slice(-5).forEach(function (s) {
          notice.appendChild(el("div", { className: "alert alert-success py-2 small" }, [
            el("span", { text: (s.again ? "已上传过（没有重复保存）：" : "已上传：") + (s.label.date || "") + " " + (s.label.unit || "") + " " }),
            el("a", { href: s.url, text: "查看走访记录" }),
          ]));
        });
      }
      list.textContent = "";
      if (!drafts.length) {
        list.appendChild(el("p", { className: "text-secondary", "data-testid": "outbox-empty", text: "本机没有待上传的草稿。" }));
        return;
      }
      drafts.forEach(function (d) { list.appendChild(draftCard(d, String(d.user) === String(userId))); });
    }).catch(function () {
      list.textContent = "本机存储不可用，无法读取草稿。";
    });
  }

  function renderBadge() {
    if (document.getElementById("outbox-list")) return;
    listDrafts().then(function (drafts) {
      var n = mine(drafts).length;
      var old = document.getElementById("offline-outbox-badge");
      if (old) old.remove();
      var main = document.querySelector("main");
      if (!n || !main) return;
      main.insertBefore(el("div", { id: "offline-outbox-badge", className: "alert alert-warning py-2 small d-print-none" }, [
        el("span", { text: "本机有 " + n + " 条走访草稿待上传。" }),
        el("a", { href: config.outbox, text: "查看" }),
      ]), main.firstChild);
    }).catch(function () { return null; });
  }

  /* ----- an offline copy of a page: read-only, with the time of the last sync ----- */

  function markOfflineCopy() {
    var mark = document.querySelector('meta[name="dundian-offline-copy"]');
    var main = document.querySelector("main");
    if (!mark || !main) return;
    var draftForm = document.querySelector("form[data-offline-draft]");
    var outbox = document.getElementById("outbox-list");
    var text = draftForm
      ? "当前离线：填好后点保存，草稿先保存在本机，联网后自动上传。选项为 " + localTime(mark.content) + " 同步的资料。"
      : outbox
        ? "当前离线：下面的草稿保存在本机，联网后自动上传。"
        : "离线查看（只读）：这是 " + localTime(mark.content) + " 同步时的内容，联网后刷新可看到最新情况。";
    main.insertBefore(el("div", { className: "alert alert-info py-2 small", "data-testid": "offline-copy", text: text }), main.firstChild);
    if (draftForm || outbox) return;
    Array.prototype.forEach.call(main.querySelectorAll("form button, form input, form select, form textarea"), function (field) {
      field.disabled = true;
    });
  }

  function start() {
    // A logout that could not drop everything in time finishes here, before the page uses any of it.
    if (clearPending()) {
      clearAll().then(startNow);
      return;
    }
    startNow();
  }

  function startNow() {
    if ("serviceWorker" in navigator && config.sw) {
      navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(function () { return null; });
    }
    markOfflineCopy();
    if (!userId) return;
    document.addEventListener("submit", onLogout, true);
    var form = document.querySelector("form[data-offline-draft]");
    if (form) setupForm(form);
    if (document.body) watchFragments();
    document.addEventListener("dundian:outbox-changed", function () { renderOutbox(); renderBadge(); });
    var sendButton = document.getElementById("outbox-send");
    if (sendButton) sendButton.addEventListener("click", function () { sendAll(); });
    renderOutbox();
    renderBadge();
    readMeta().then(showSyncInfo).catch(function () { return null; });
    var online = function () {
      if (!navigator.onLine) return;
      var banner = document.querySelector('[data-testid="offline-copy"]');
      if (banner && document.getElementById("outbox-list")) banner.remove(); // the outbox is live again
      sendAll().then(function () { return syncPages(false); });
    };
    root.addEventListener("online", online);
    if (!document.querySelector('meta[name="dundian-offline-copy"]')) online();
    setInterval(function () {
      listDrafts().then(function (drafts) {
        if (navigator.onLine && mine(drafts).some(function (d) { return d.state !== "invalid"; })) sendAll();
      }).catch(function () { return null; });
    }, RETRY_EVERY_MS);
  }

  root.DundianOffline.sendAll = sendAll;
  root.DundianOffline.syncPages = syncPages;
  root.DundianOffline.clearAll = clearAll;

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(self);
