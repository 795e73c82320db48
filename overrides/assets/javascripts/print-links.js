// On paper a link is only useful with its address: give every link in the page content its
// full address (resolved against this page), which the print stylesheet shows after it.
// Links that already show their address, in-page anchors and phone numbers are left alone.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".md-content a[href]").forEach(function (a) {
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#" || /^(tel|javascript):/i.test(href) || a.classList.contains("headerlink")) return;
    var url = /^mailto:/i.test(href) ? href.slice(7) : a.href;
    var text = a.textContent.trim();
    if (text === url || text === href) return;
    a.setAttribute("data-print-url", url);
  });
});
