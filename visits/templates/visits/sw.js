/*
 * dundian's service worker, served from the site root (/sw.js) so it controls every page.
 *
 * Its version is a hash of the app shell files and of this file (visits/offline.py):
 * new static files make a new worker, which drops the old shell cache.
 *
 * - dundian-shell-<version>: the app shell (CSS, JS, icons), cache first.
 * - dundian-data: the pages a cadre needs without signal (the visit form, the outbox,
 *   the team's units, enterprises and cadres as the form's fragments, plans for two
 *   weeks, today's page, the cadre's tickets). static/js/offline.js fills it while
 *   online; here pages come from it only when the network fails, marked read-only
 *   with the time of the last sync.
 * - A visit form posted while the network fails is kept as a draft in IndexedDB
 *   (the same code as the pages: offline.js) and the outbox opens.
 * Everything is dropped at logout (offline.js).
 */
"use strict";
const CONFIG = {{ config|safe }};
{% verbatim %}
importScripts(CONFIG.offlineJs);

const SHELL = "dundian-shell-" + CONFIG.version;
const DATA = DundianOffline.DATA_CACHE;
const PLAN_DONE = new RegExp("^" + CONFIG.planDone.replace("/0/", "/\\d+/") + "$");
const NOT_KEPT = ["/admin/", "/accounts/", "/ledger/"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(CONFIG.shell)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("dundian-shell-") && key !== SHELL).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function offlineResponse(html) {
  return new Response(html, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "X-Dundian-Offline": "1" },
  });
}

async function syncedAt() {
  const meta = await caches.match(DundianOffline.META_KEY, { cacheName: DATA });
  if (!meta) return "";
  try { return (await meta.json()).synced_at || ""; } catch (error) { return ""; }
}

async function offlineCopy(url) {
  const cache = await caches.open(DATA);
  const hit = (await cache.match(url.pathname + url.search)) || (await cache.match(url.pathname, { ignoreSearch: true }));
  if (!hit) {
    return offlineResponse(
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><title>当前离线 · 蹲点工作平台</title></head>' +
      '<body style="font-family:sans-serif;padding:1rem"><h1 style="font-size:1.25rem">当前没有网络</h1>' +
      "<p>这个页面没有保存在本机。可以离线填报走访记录，联网后自动上传。</p>" +
      '<p><a href="' + CONFIG.createUrl + '">填报走访记录</a> · <a href="' + CONFIG.outbox + '">待上传的草稿</a></p></body></html>'
    );
  }
  const html = await hit.text();
  const mark = '<meta name="dundian-offline-copy" content="' + (await syncedAt()) + '">';
  return offlineResponse(html.replace(/<head>/i, "<head>" + mark));
}

async function offlineFragment(url) {
  // The form's team/unit fragment as kept at the last sync (offline.js puts the checks back).
  const team = url.searchParams.get("team");
  const unit = url.searchParams.get("unit");
  const keys = [];
  if (team && unit) keys.push("team=" + team + "&unit=" + unit);
  if (unit) keys.push("unit=" + unit);
  if (team) keys.push("team=" + team);
  const cache = await caches.open(DATA);
  for (const key of keys) {
    const hit = await cache.match(CONFIG.formFields + "?" + key);
    if (hit) {
      return new Response(await hit.text(), {
        headers: { "Content-Type": "text/html; charset=utf-8", "X-Dundian-Offline": "1" },
      });
    }
  }
  return new Response("", { status: 503, headers: { "X-Dundian-Offline": "1" } });
}

async function postOrKeep(request, url) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (networkError) {
    const draft = await DundianOffline.keepFormData(await copy.formData(), url.pathname);
    return Response.redirect(CONFIG.outbox + "?saved=" + encodeURIComponent(draft.id), 303);
  }
}

function isDraftForm(url) {
  return url.pathname === CONFIG.createUrl || PLAN_DONE.test(url.pathname);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "GET") {
    if (CONFIG.shell.includes(url.pathname)) {
      event.respondWith(caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request)));
    } else if (url.pathname === CONFIG.formFields) {
      event.respondWith(fetch(request).catch(() => offlineFragment(url)));
    } else if (request.mode === "navigate" && !NOT_KEPT.some((prefix) => url.pathname.startsWith(prefix))) {
      event.respondWith(fetch(request).catch(() => offlineCopy(url)));
    }
  } else if (request.method === "POST" && request.mode === "navigate" && isDraftForm(url)) {
    event.respondWith(postOrKeep(request, url));
  }
});
{% endverbatim %}
