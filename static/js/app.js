// Aula's only script besides htmx. htmx reads its configuration from
// <meta name="htmx-config">; this file adds the CSRF header to every htmx
// request, from <meta name="csrf-token">. No inline script anywhere (CSP).
(function () {
  "use strict";
  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = csrfToken();
    if (token) {
      evt.detail.headers["X-CSRF-Token"] = token;
    }
  });
  // A request that gets no answer at all (Aula cannot be reached, or does
  // not answer before htmx's timeout) shows nothing by itself: say so in the
  // flash region, like Aula's own error messages, with a way to try again.
  // The words come from the page (the flash region's data-no-answer-*),
  // in its language.
  function noAnswer() {
    var region = document.getElementById("flash");
    if (!region) {
      return;
    }
    function el(tag, text, testid) {
      var e = document.createElement(tag);
      e.textContent = text;
      if (testid) {
        e.setAttribute("data-testid", testid);
      }
      return e;
    }
    var words = region.dataset;
    var title = el("p", "");
    title.appendChild(el("strong", words.noAnswerTitle || "", "problem-title"));
    var retry = el("a", words.noAnswerRetry || "", "retry");
    retry.className = "button";
    retry.href = location.href;
    var actions = el("p", "");
    actions.appendChild(retry);
    var body = el("div", "");
    body.append(title, el("p", words.noAnswerDetail || "", "problem-detail"), actions);
    var box = document.createElement("div");
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "problem");
    box.appendChild(body);
    region.replaceChildren(box);
  }
  document.addEventListener("htmx:sendError", noAnswer);
  document.addEventListener("htmx:timeout", noAnswer);
  // htmx puts the focus back after a swap only on an element with the id
  // of the one that had it. When the swap takes that element away (the
  // "next" link on the last page), keep the focus in the part swapped in,
  // not at the top of the document, where the next Tab would start over.
  var focusWasIn = null;
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var target = evt.detail.target;
    focusWasIn = target && target.contains(document.activeElement) ? target : null;
  });
  document.addEventListener("htmx:afterSettle", function (evt) {
    var target = focusWasIn;
    if (!target || evt.detail.target !== target) {
      return;
    }
    focusWasIn = null;
    var active = document.activeElement;
    if (target.isConnected && (!active || active === document.body)) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });
  // Confirmation for destructive actions without inline script:
  // <form data-confirm="Delete 3 trainings?">.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    var msg = form && form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      evt.preventDefault();
    }
  }, true);
  // Sign-out clears this device's data (Clear-Site-Data), and with it the
  // attendance marks still waiting to be sent (attendance.js keeps them in
  // IndexedDB, keyed [owner, id]). On every page, when the person signing
  // out has some waiting, the form asks first and offers to stay. The count
  // is read at the moment of signing out: a sheet in another tab may have
  // sent or added marks meanwhile.
  //
  // Another person's marks may wait on the same tablet (their sign-in
  // ended before they were sent). They are not this person's to delete, nor
  // to see: nothing about them is shown. So this script deletes the
  // person's own entries and every sheet the service worker kept (they
  // carry names; a sheet is fetched again online), and when other entries
  // remain it asks the server, with keep_queue=1, to leave the site's
  // storage (the queue) out of what it clears. A forged keep_queue only
  // keeps this browser's own storage.
  var sheetCaches = "aula-sheets"; // sw.js's SHEETS
  // openQueue opens the queue's database, or null when this device has
  // none: looking does not create one.
  function openQueue() {
    return new Promise(function (resolve) {
      var req;
      try {
        req = indexedDB.open("aula-attendance");
      } catch (e) {
        resolve(null); // no IndexedDB here: no marks could have been kept
        return;
      }
      req.onupgradeneeded = function () { req.transaction.abort(); };
      req.onerror = function (e) { e.preventDefault(); resolve(null); };
      req.onsuccess = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("marks")) {
          db.close();
          resolve(null);
          return;
        }
        resolve(db);
      };
    });
  }
  // Every key [owner, id] lies between [owner] and [owner, []] (arrays
  // sort after strings).
  function ownEntries(owner) {
    return IDBKeyRange.bound([owner], [owner, []]);
  }
  function waitingMarks(owner) {
    return openQueue().then(function (db) {
      if (!db) {
        return 0;
      }
      return new Promise(function (resolve) {
        var n = db.transaction("marks").objectStore("marks").count(ownEntries(owner));
        n.onsuccess = function () { db.close(); resolve(n.result); };
        n.onerror = function () { db.close(); resolve(0); };
      });
    });
  }
  // forgetOwn deletes the owner's entries and resolves to the number of
  // other people's left, or -1 when the deletion failed.
  function forgetOwn(owner) {
    return openQueue().then(function (db) {
      if (!db) {
        return 0;
      }
      return new Promise(function (resolve) {
        var t = db.transaction("marks", "readwrite");
        var store = t.objectStore("marks");
        store.delete(ownEntries(owner));
        var left = store.count();
        t.oncomplete = function () { db.close(); resolve(left.result); };
        t.onerror = t.onabort = function () { db.close(); resolve(-1); };
      });
    });
  }
  // forgetSheets deletes the kept sheets; false when it could not.
  function forgetSheets() {
    if (!window.caches) {
      return Promise.resolve(true); // no CacheStorage: no sheet was kept
    }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(sheetCaches) === 0; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return true; }, function () { return false; });
  }
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.matches || !form.matches("form[data-signout-owner]") || form.dataset.confirmed === "yes") {
      return;
    }
    var dialog = document.querySelector("[data-testid=signout-dialog]");
    if (!dialog || !window.indexedDB) {
      return;
    }
    evt.preventDefault();
    var submitter = evt.submitter;
    var owner = form.dataset.signoutOwner;
    var go = function () {
      forgetOwn(owner).then(function (others) {
        // Where this person's entries or the sheets could not be deleted,
        // the server clears everything, as without other people's marks.
        return others > 0 ? forgetSheets() : false;
      }).then(function (keep) {
        var field = form.querySelector("input[name=keep_queue]");
        if (keep && !field) {
          field = document.createElement("input");
          field.type = "hidden";
          field.name = "keep_queue";
          field.value = "1";
          form.appendChild(field);
        } else if (!keep && field) {
          field.remove();
        }
        form.dataset.confirmed = "yes";
        form.requestSubmit(submitter);
        delete form.dataset.confirmed; // a sign-out that fails asks again
      });
    };
    waitingMarks(owner).then(function (n) {
      if (n === 0) {
        go();
        return;
      }
      var text = n === 1 ? dialog.dataset.one : dialog.dataset.other;
      dialog.querySelector("[data-testid=signout-count]").textContent = text.replace(/\d+/, String(n));
      dialog.querySelector("[data-testid=signout-stay]").onclick = function () {
        dialog.close();
        if (submitter) {
          submitter.focus();
        }
      };
      dialog.querySelector("[data-testid=signout-anyway]").onclick = function () {
        dialog.close();
        go();
      };
      if (!dialog.open) {
        dialog.showModal();
      }
    });
  });
  // A dismiss button on flash messages. The button goes with its message:
  // the focus moves to the content, or the next Tab would start over at
  // the top of the page.
  document.addEventListener("click", function (evt) {
    var btn = evt.target.closest && evt.target.closest("[data-dismiss]");
    if (btn) {
      var box = btn.closest(".flash");
      if (box) {
        var hadFocus = box.contains(document.activeElement);
        box.remove();
        var main = document.getElementById("main");
        if (hadFocus && main) { main.focus(); }
      }
    }
  });
})();
