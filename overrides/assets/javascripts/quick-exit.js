/* Quick exit, after GOV.UK Frontend's "Exit this page".
 *
 * The button is a plain link that works without JavaScript. With JavaScript:
 * - activating it, or pressing Shift three times on its own (each press within 5 seconds of the
 *   last), blanks the page and replaces it with the neutral site, so Back does not return here;
 * - each Shift press lights one of three dots on the button and is announced to screen readers
 *   in the page's language (the texts come from data-* attributes the build translates).
 * Shift used as a modifier (Shift+A, Shift+Tab) does not count.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-quick-exit]");
  var button = root && root.querySelector(".quick-exit__button");
  var status = root && root.querySelector(".quick-exit__status");
  if (!button || !status) return;

  var WINDOW_MS = 5000;
  var presses = 0;
  var lastKeyWasModified = false;
  var resetTimer = null;
  var clearTimer = null;
  var overlay = null;

  var dots = document.createElement("span");
  dots.className = "quick-exit__dots";
  dots.setAttribute("aria-hidden", "true");
  for (var i = 0; i < 3; i++) dots.appendChild(document.createElement("span"));
  button.appendChild(dots);

  function showPresses() {
    dots.classList.toggle("quick-exit__dots--shown", presses > 0);
    for (var i = 0; i < dots.children.length; i++) {
      dots.children[i].classList.toggle("quick-exit__dot--on", i < presses);
    }
  }

  function announce(text) {
    window.clearTimeout(clearTimer);
    status.textContent = text;
  }

  function leave() {
    announce("");
    document.documentElement.classList.add("quick-exit--leaving");
    overlay = document.createElement("div");
    overlay.className = "quick-exit__overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    overlay.textContent = root.dataset.activated; // set after insertion: announced more reliably
    window.location.replace(button.href);
  }

  function stopCounting(announceCancel) {
    window.clearTimeout(resetTimer);
    resetTimer = null;
    presses = 0;
    showPresses();
    if (announceCancel) {
      announce(root.dataset.timedOut);
      clearTimer = window.setTimeout(function () { status.textContent = ""; }, WINDOW_MS);
    }
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      presses += 1;
      showPresses();
      if (presses >= 3) {
        stopCounting(false);
        leave();
      } else {
        announce(presses === 1 ? root.dataset.pressTwo : root.dataset.pressOne);
        window.clearTimeout(resetTimer);
        resetTimer = window.setTimeout(function () { stopCounting(true); }, WINDOW_MS);
      }
    } else if (resetTimer) {
      stopCounting(true);
    }
    lastKeyWasModified = event.shiftKey;
  }, true);

  // A page restored from the back-forward cache must not stay blank.
  window.addEventListener("pageshow", function () {
    document.documentElement.classList.remove("quick-exit--leaving");
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    stopCounting(false);
    announce("");
  });
})();
