// Aula's attendance sheet: one tap per person, and no mark ever lost.
//
// A tap sets the row's wanted state in a queue kept in IndexedDB, one entry
// per attendance (a later tap replaces the waiting one, so a stale mark is
// never sent), under the opaque owner id the server gave the page: another
// person's entries on a shared tablet are neither shown nor sent. The queue
// is sent to the server, which reads the rows once, writes only where the
// row still has the status the trainer saw (or one this device sent without
// hearing back), and hands the rest back as conflicts for the trainer to
// choose. Sending is serialised (one batch in flight) and retried on
// `online`, on `visibilitychange` to visible, on window `focus`, on a
// backoff timer and by hand: iPad Safari has no Background Sync.
(() => {
  "use strict";

  // The printable sheet only needs its print button.
  document.addEventListener("click", (e) => {
    if (e.target.closest("[data-print]")) window.print();
  });

  const sheet = document.getElementById("sheet");
  if (!sheet) return;
  const session = sheet.dataset.session;
  const owner = sheet.dataset.owner;
  const maxHours = parseFloat(sheet.dataset.maxHours || "0");
  const marksURL = sheet.dataset.marksUrl;
  const stateURL = sheet.dataset.stateUrl;
  const T = {};
  document.querySelectorAll("#sheet-strings [data-k]").forEach((el) => { T[el.dataset.k] = el.textContent; });
  const fmt = (s, ...args) => { let i = 0; return s.replace(/%s/g, () => String(args[i++])); };
  // The sheet's language, as the server chose it for the page (numbers are
  // written and read in it: "1,5" h in Spanish).
  const lang = sheet.dataset.lang || document.documentElement.lang || "en";
  // counted picks the form of a counted message by its first number, as
  // the server does (CLDR "one" is exactly 1 in English and Spanish), and
  // puts the numbers in place of its digits, in order.
  const counted = (one, other, ...nums) => {
    let i = 0;
    return (nums[0] === 1 ? T[one] : T[other]).replace(/\d+/g, () => nums[i++].toLocaleString(lang));
  };
  const shownHours = (h) => h.toLocaleString(lang, { maximumFractionDigits: 2 });
  const rows = new Map();
  sheet.querySelectorAll("[data-testid=sheet-row]").forEach((li) => rows.set(li.dataset.id, li));
  // The server reads as many pages of rows as the sheet shows.
  const withRows = (u) => u + (u.includes("?") ? "&" : "?") + "rows=" + rows.size;

  // --- IndexedDB, a store of entries keyed [owner, id] ---
  // The browser closes the connection when the site's data is cleared
  // (sign-out's Clear-Site-Data); the next use opens it again.
  const open = () => new Promise((resolve, reject) => {
    const req = indexedDB.open("aula-attendance", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("marks", { keyPath: ["owner", "id"] });
    req.onsuccess = () => { const db = req.result; db.onclose = () => { dbp = null; }; resolve(db); };
    req.onerror = () => reject(req.error);
  });
  let dbp = null;
  const tx = async (mode, fn) => {
    let t;
    try {
      t = (await (dbp = dbp || open())).transaction("marks", mode);
    } catch (err) {
      if (err.name !== "InvalidStateError") throw err;
      t = (await (dbp = open())).transaction("marks", mode); // it was closing
    }
    return new Promise((resolve, reject) => {
      const out = fn(t.objectStore("marks"));
      t.oncomplete = () => resolve(out && "result" in out ? out.result : undefined);
      t.onerror = () => reject(t.error);
    });
  };
  const mine = async () => (await tx("readonly", (s) => s.getAll())).filter((e) => e.owner === owner);
  const put = (e) => tx("readwrite", (s) => s.put(e));
  const del = (id) => tx("readwrite", (s) => s.delete([owner, id]));
  const get = (id) => tx("readonly", (s) => s.get([owner, id]));
  // swap replaces the entry id with next (deletes it, with null) only if it
  // is still the one tapped at `at`, in one transaction: a tap made
  // meanwhile is never overwritten or deleted. It says whether it did.
  const swap = (id, at, next) => tx("readwrite", (s) => {
    const out = { result: false };
    const g = s.get([owner, id]);
    g.onsuccess = () => {
      if (!g.result || g.result.at !== at) return;
      if (next) s.put(next); else s.delete([owner, id]);
      out.result = true;
    };
    return out;
  });

  // --- the rows on screen ---
  const label = (status) => T["status-" + status] || status;
  const showRow = (li, status, hours, shown) => {
    li.dataset.shown = status;
    const tag = li.querySelector("[data-testid=row-status]");
    tag.textContent = label(status);
    tag.className = "tag status-" + status;
    li.querySelector("[data-testid=row-hours]").textContent =
      status === "completed" && hours != null && shown ? fmt(T.h, shown) : "";
    li.querySelector("[data-testid=mark-attended]").setAttribute("aria-pressed", String(status === "completed"));
    li.querySelector("[data-testid=mark-absent]").setAttribute("aria-pressed", String(status === "missing"));
  };
  const sync = (li, text, kind) => {
    const el = li.querySelector("[data-testid=row-sync]");
    el.textContent = text;
    el.dataset.state = kind || "";
  };
  const rowError = (li, text) => {
    li.querySelector("[data-testid=row-error]").textContent = text || "";
    const input = li.querySelector("[data-testid=row-hours-input]");
    if (!input) return;
    if (text) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", "row-error-" + li.dataset.id); } else { input.removeAttribute("aria-invalid"); }
  };
  const counter = () => {
    let marked = 0, attended = 0, absent = 0;
    rows.forEach((li) => {
      const s = li.dataset.shown || li.dataset.status;
      if (s !== "pending") marked++;
      if (s === "completed") attended++;
      if (s === "missing") absent++;
    });
    return { marked, attended, absent, total: rows.size };
  };
  const redrawCounter = (text) => {
    // The server's counter, when it answered with one for what is on
    // screen; otherwise the same three messages with the shown numbers,
    // each in its plural form, from the words the server gave the page.
    const el = sheet.querySelector("[data-testid=counter]");
    if (text) { el.textContent = text; return; }
    const c = counter();
    el.textContent = [counted("marked-1", "marked-n", c.marked, c.total),
      counted("attended-1", "attended-n", c.attended), counted("absent-1", "absent-n", c.absent)].join(" · ");
  };

  // --- the queue on screen ---
  const queueBar = sheet.querySelector("[data-testid=queue]");
  let signInNeeded = false;
  const signInAgain = queueBar.querySelector("[data-testid=sign-in-again]");
  const showQueue = async () => {
    const n = (await mine()).length;
    queueBar.hidden = n === 0;
    queueBar.querySelector("[data-testid=queue-count]").textContent =
      (signInNeeded ? T.signin + " " : "") + counted("queue-1", "queue-n", n);
    signInAgain.hidden = !signInNeeded;
  };

  // --- taps ---
  let last = null; // the last change, for undo: [{id, status, hours}] as before
  const undoButton = sheet.querySelector("[data-testid=undo]");
  undoButton.hidden = false;

  const want = async (changes, remember) => {
    const before = [];
    for (const ch of changes) {
      const li = rows.get(ch.id);
      if (!li) continue;
      const old = await get(ch.id);
      before.push({ id: ch.id, status: li.dataset.shown || li.dataset.status, hours: old ? old.hours : (li.dataset.hours ? parseFloat(li.dataset.hours) : null) });
      const e = {
        owner, id: ch.id, session, status: ch.status, hours: ch.hours == null ? null : ch.hours,
        // The status Factorial had when the trainer tapped: the row's last
        // confirmed one, kept from the first waiting tap.
        seen: old ? old.seen : li.dataset.status,
        sent: old ? old.sent || [] : [],
        at: Date.now() + Math.random(),
      };
      await put(e);
      showRow(li, e.status, e.hours, e.hours == null ? null : shownHours(e.hours));
      rowError(li, "");
      closeConflict(li);
      sync(li, T.saving, "saving");
    }
    if (remember) { last = before; undoButton.disabled = false; }
    redrawCounter();
    await showQueue();
    flush();
  };

  sheet.addEventListener("submit", (e) => {
    const form = e.target.closest("[data-testid=row-form]");
    if (!form) return;
    e.preventDefault();
    const li = form.closest("[data-testid=sheet-row]");
    const button = e.submitter;
    const status = button ? button.value : "completed";
    let hours = null;
    if (button && button.dataset.hoursSubmit) {
      const raw = form.querySelector("[data-testid=row-hours-input]").value.trim().replace(/\s/g, "");
      const plain = lang === "es" ? raw.replace(/\./g, "").replace(",", ".") : raw.replace(/,/g, "");
      hours = Number(plain);
      if (raw === "" || !isFinite(hours)) { rowError(li, T.number); return; }
      if (hours < 0 || (maxHours > 0 && hours > maxHours)) { rowError(li, T.hours); return; }
    }
    want([{ id: li.dataset.id, status, hours }], true);
  });

  // "More": the row's less used marks and its hours, a copy of the sheet's
  // one template (without scripts the link asks the server for the row open).
  const moreTemplate = document.getElementById("more-box");
  sheet.addEventListener("click", (e) => {
    const link = e.target.closest("[data-testid=row-more]");
    if (!link) return;
    e.preventDefault();
    const li = link.closest("[data-testid=sheet-row]");
    const opened = li.querySelector(".sheet-more-body");
    if (opened) { opened.remove(); link.setAttribute("aria-expanded", "false"); return; }
    const body = moreTemplate.content.firstElementChild.cloneNode(true);
    const id = li.dataset.id;
    body.id = "more-" + id;
    body.querySelector("label").htmlFor = "hours-" + id;
    const input = body.querySelector("[data-testid=row-hours-input]");
    input.id = "hours-" + id;
    const shown = li.dataset.shown || li.dataset.status;
    input.value = shown === "completed" && li.dataset.hours ? shownHours(parseFloat(li.dataset.hours)) : "";
    link.after(body);
    link.setAttribute("aria-expanded", "true");
  });

  undoButton.addEventListener("click", () => {
    if (!last) return;
    const back = last;
    last = null;
    undoButton.disabled = true;
    want(back.map((b) => ({ id: b.id, status: b.status, hours: b.status === "completed" ? b.hours : null })), false);
  });

  // Mark all unmarked: a confirmation, then one batch (one bulk_update).
  const dialog = sheet.querySelector("[data-testid=mark-all-dialog]");
  sheet.querySelector("[data-testid=mark-all]").addEventListener("click", (e) => {
    e.preventDefault();
    const n = [...rows.values()].filter((li) => (li.dataset.shown || li.dataset.status) === "pending").length;
    dialog.querySelector("[data-testid=mark-all-text]").textContent = counted("markall-1", "markall-n", n);
    dialog.showModal();
  });
  dialog.querySelector("[data-testid=mark-all-cancel]").addEventListener("click", () => dialog.close());
  dialog.querySelector("[data-testid=mark-all-confirm]").addEventListener("click", () => {
    dialog.close();
    const ids = [...rows.values()].filter((li) => (li.dataset.shown || li.dataset.status) === "pending").map((li) => li.dataset.id);
    if (ids.length) want(ids.map((id) => ({ id, status: "completed", hours: null })), true);
  });

  // Search by name, as the person types.
  const search = sheet.querySelector("[data-testid=sheet-search]");
  search.closest("form").addEventListener("submit", (e) => e.preventDefault());
  search.addEventListener("input", () => {
    const q = search.value.trim().toLocaleLowerCase();
    rows.forEach((li) => { li.hidden = q !== "" && !li.dataset.name.toLocaleLowerCase().includes(q); });
  });

  // --- conflicts: the trainer chooses ---
  // The choice is a copy of the sheet's one template, put in the row that
  // needs it (a sheet of 300 rows does not carry 300 hidden copies).
  const closeConflict = (li) => { const box = li.querySelector("[data-testid=row-conflict]"); if (box) box.remove(); };
  const conflictTemplate = document.getElementById("conflict-box");
  const conflict = (li, entry, row) => {
    let box = li.querySelector("[data-testid=row-conflict]");
    if (!box) {
      box = conflictTemplate.content.firstElementChild.cloneNode(true);
      li.append(box);
    }
    box.querySelector("[data-testid=row-conflict-text]").textContent = fmt(T.conflict, label(row.status), label(entry.status));
    box.hidden = false;
    sync(li, T.waiting, "conflict");
    box.querySelector("[data-testid=keep-mine]").onclick = async () => {
      const e = await get(entry.id);
      if (!e) return;
      e.seen = row.status; e.conflict = false; e.sent = [];
      await put(e);
      box.remove();
      sync(li, T.saving, "saving");
      flush();
    };
    box.querySelector("[data-testid=keep-theirs]").onclick = async () => {
      await del(entry.id);
      box.remove();
      li.dataset.status = row.status;
      li.dataset.hours = row.hours == null ? "" : String(row.hours);
      showRow(li, row.status, row.hours, row.shown);
      sync(li, "", "");
      redrawCounter();
      showQueue();
    };
  };

  // --- sending ---
  let inFlight = null;
  let again = false;
  // The backoff starts at the sheet's data-retry-ms (2 s when it has none;
  // read at each retry, so a test can make it short, or longer than the
  // test) and doubles up to a minute, or to the first delay if longer.
  const firstDelay = () => { const ms = Number(sheet.dataset.retryMs); return ms > 0 ? ms : 2000; };
  let retries = 0;
  let timer = 0;
  const retryLater = () => {
    clearTimeout(timer);
    const first = firstDelay();
    timer = setTimeout(flush, Math.min(first * 2 ** retries, Math.max(first, 60000)));
    retries = Math.min(retries + 1, 30);
  };

  // freshState reads the sheet's rows, the signed-in person's owner id and a
  // CSRF token of the sign-in now (never one kept from an ended sign-in).
  const freshState = async () => {
    const res = await fetch(withRows(stateURL), { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" });
    if (res.status === 401 || res.redirected || !(res.headers.get("Content-Type") || "").includes("json")) return null;
    if (!res.ok) throw new Error("state " + res.status);
    return res.json();
  };

  const sendOnce = async () => {
    const waiting = (await mine()).filter((e) => e.session === session && !e.conflict);
    if (!waiting.length) return;
    const st = await freshState();
    if (!st || st.owner !== owner) { signInNeeded = true; await showQueue(); return; }
    signInNeeded = false;
    // Each entry is marked sent unless a newer tap replaced it while the
    // state was read: putting the copy read before back would undo that
    // tap. The newer one goes in the next batch (its tap asked for one), and
    // an entry deleted meanwhile (a sign-out) is not put back.
    const entries = [];
    for (const e of waiting) {
      e.sent = [...new Set([...(e.sent || []), e.status])];
      if (await swap(e.id, e.at, e)) entries.push(e);
    }
    if (!entries.length) return;
    const sentAt = new Map(entries.map((e) => [e.id, e.at]));
    let res;
    try {
      res = await fetch(withRows(marksURL), {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": st.csrf },
        body: JSON.stringify({ owner, marks: entries.map((e) => ({ id: Number(e.id), status: e.status, hours: e.hours == null ? undefined : e.hours, seen: e.seen, sent: e.sent })) }),
      });
    } catch (err) {
      entries.forEach((e) => { const li = rows.get(e.id); if (li) sync(li, T.waiting, "waiting"); });
      throw err;
    }
    if (res.status === 401 || res.status === 403 || res.status === 409) { signInNeeded = true; await showQueue(); return; }
    let body = null;
    try { body = await res.json(); } catch (_) { /* no answer to read */ }
    const results = (body && body.results) || [];
    for (const r of results) {
      const id = String(r.id);
      const li = rows.get(id);
      const e = await get(id);
      if (r.outcome === "saved") {
        if (li) { li.dataset.status = r.row.status; li.dataset.hours = r.row.hours == null ? "" : String(r.row.hours); }
        if (await swap(id, sentAt.get(id), null)) {
          if (li) { showRow(li, r.row.status, r.row.hours, r.row.shown); sync(li, T.saved, "saved"); }
        } else if (e) {
          // A newer tap waits: it replaces this one, and Factorial now has
          // what this device wrote.
          await swap(id, e.at, { ...e, seen: r.row.status, sent: [] });
        }
      } else if (r.outcome === "conflict" && e) {
        e.conflict = true;
        if (await swap(id, e.at, e) && li) conflict(li, e, r.row);
      } else if (r.outcome === "refused") {
        await swap(id, sentAt.get(id), null);
        if (li) { rowError(li, r.message); if (r.row) showRow(li, r.row.status, r.row.hours, r.row.shown); sync(li, "", ""); }
      }
    }
    if (body && body.counter && res.ok) redrawCounter((await mine()).length ? null : body.counter);
    if (!res.ok) {
      const done = new Set(results.map((r) => String(r.id)));
      entries.filter((e) => !done.has(e.id)).forEach((e) => { const li = rows.get(e.id); if (li) sync(li, T.waiting, "waiting"); });
      throw new Error("marks " + res.status);
    }
  };

  const flush = () => {
    if (inFlight) { again = true; return inFlight; }
    inFlight = (async () => {
      try {
        do { again = false; await sendOnce(); } while (again);
        retries = 0;
        if ((await mine()).some((e) => e.session === session && !e.conflict)) retryLater();
      } catch (_) {
        // No network, or Factorial failed: every waiting mark says so.
        for (const e of await mine()) { const li = rows.get(e.id); if (li && e.session === session && !e.conflict) sync(li, T.waiting, "waiting"); }
        retryLater();
      } finally {
        inFlight = null;
        await showQueue();
      }
      // A trigger (the network back, a tap, Send now) that came while a
      // failing send was ending was only noted: try again for it now, not
      // at the next backoff.
      if (again) { again = false; flush(); }
    })();
    return inFlight;
  };
  queueBar.querySelector("[data-testid=send-now]").addEventListener("click", () => { retries = 0; flush(); });
  // No Background Sync on iPad Safari: the network coming back, the
  // tablet woken or the tab shown again, and the browser window focused
  // again (a tablet's other app closed) each try at once.
  window.addEventListener("online", () => flush());
  window.addEventListener("focus", () => flush());
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") flush(); });

  // --- another device's marks: a conditional poll every 5 s ---
  let version = sheet.dataset.version;
  const poll = async () => {
    try {
      const res = await fetch(withRows(stateURL), { credentials: "same-origin", headers: { Accept: "application/json", "If-None-Match": version }, cache: "no-store" });
      if (res.status !== 200 || !(res.headers.get("Content-Type") || "").includes("json")) return;
      const st = await res.json();
      version = st.version;
      const waiting = new Set((await mine()).map((e) => e.id));
      for (const r of st.rows) {
        const li = rows.get(String(r.id));
        if (!li) continue;
        li.dataset.status = r.status;
        li.dataset.hours = r.hours == null ? "" : String(r.hours);
        if (!waiting.has(String(r.id))) showRow(li, r.status, r.hours, r.shown);
      }
      redrawCounter(waiting.size ? null : st.counter);
    } catch (_) { /* offline: the next poll tries again */ }
  };
  setInterval(poll, 5000);

  // --- on load: what waits on this device for this person ---
  (async () => {
    const entries = await mine();
    for (const e of entries) {
      const li = rows.get(e.id);
      if (!li || e.session !== session) continue;
      showRow(li, e.status, e.hours, e.hours == null ? null : shownHours(e.hours));
      sync(li, T.waiting, "waiting");
    }
    redrawCounter();
    await showQueue();
    flush();
  })();

  // The page opens offline once it has been opened online that day. A page
  // the worker served is kept already; only one loaded before the worker ran
  // asks to be kept (one more load of the sheet, so never on every visit).
  if ("serviceWorker" in navigator) {
    const served = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(() => navigator.serviceWorker.ready).then((reg) => {
      if (reg.active && !served) reg.active.postMessage({ keep: location.pathname });
    }).catch(() => { /* no worker: the sheet works online */ });
  }
})();
