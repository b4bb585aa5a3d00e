// Aula's service worker, served at /sw.js (scope: the whole site) so the
// attendance sheet opens without network once it was opened that day.
//
// Content-hashed static files are immutable: cache-first. An attendance
// sheet page (/sessions/{id}/attendance) is network-first, with its last
// copy as the fallback, kept only for the day it was opened (an older copy is
// deleted whenever a sheet is kept or looked for, and when the worker
// starts, and never served). Nothing else
// with personal data is kept. Sign-out clears it all (Clear-Site-Data), or,
// when another person's marks wait in the queue, app.js deletes the kept
// sheets (cache "aula-sheets") and the server leaves the storage alone.
"use strict";

const ASSETS = /*ASSETS*/[];
const STATIC = "aula-static-" + ASSETS.length + "-" + (ASSETS[0] || "");
const SHEETS = "aula-sheets";
const sheetPath = /^\/sessions\/\d+\/attendance$/;

// today is the tablet's own day (its clock and time zone, where the trainer
// stands), not UTC's: a sheet kept this morning is dropped at local midnight.
const today = () => {
  const d = new Date();
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== STATIC && name !== SHEETS) await caches.delete(name);
    }
    await dropOldSheets();
    await self.clients.claim();
  })());
});

// dropOldSheets deletes the sheets kept on an earlier day.
async function dropOldSheets() {
  const c = await caches.open(SHEETS);
  for (const req of await c.keys()) {
    const res = await c.match(req);
    if (!res || res.headers.get("X-Aula-Kept-On") !== today()) await c.delete(req);
  }
}

async function keepSheet(url, res) {
  if (!res.ok || res.redirected || !(res.headers.get("Content-Type") || "").includes("text/html")) return;
  const body = await res.clone().blob();
  const headers = new Headers(res.headers);
  headers.set("X-Aula-Kept-On", today());
  const c = await caches.open(SHEETS);
  await c.put(url, new Response(body, { status: 200, headers }));
  // The sheets of other sessions kept on an earlier day go too.
  await dropOldSheets();
}

self.addEventListener("message", (event) => {
  // The sheet asks to be kept when it was loaded before the worker ran.
  const path = event.data && event.data.keep;
  if (typeof path !== "string" || !sheetPath.test(path)) return;
  const url = new URL(path, self.location.origin).href;
  event.waitUntil(fetch(url, { credentials: "same-origin" }).then((res) => keepSheet(url, res)).catch(() => {}));
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
    return;
  }
  if (req.mode === "navigate" && sheetPath.test(url.pathname)) {
    const key = url.origin + url.pathname;
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        await keepSheet(key, res);
        return res;
      } catch (err) {
        await dropOldSheets();
        const kept = await (await caches.open(SHEETS)).match(key);
        if (kept) return kept;
        throw err;
      }
    })());
  }
});
