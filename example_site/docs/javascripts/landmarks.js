// MkDocs' built-in theme puts its top bar in a plain <div>: name it a navigation landmark, so
// that screen-reader users can jump over it (and every part of the page sits in a landmark).
document.querySelectorAll("body > .navbar").forEach(function (bar) {
  bar.setAttribute("role", "navigation");
  bar.setAttribute("aria-label", "站点导航");
});
