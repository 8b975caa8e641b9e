// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function hidden(form, name) {
    var input = form.querySelector("input[name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }
  // "Use my location": fills the hidden lat/lon fields from the browser, then searches.
  var slot = document.querySelector(".geo-slot");
  if (slot && "geolocation" in navigator) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = slot.getAttribute("data-geo-label");
    var message = document.createElement("span");
    message.setAttribute("role", "status");
    button.addEventListener("click", function () {
      message.textContent = " " + slot.getAttribute("data-geo-busy");
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = slot.closest("form");
        hidden(form, "lat").value = position.coords.latitude.toFixed(5);
        hidden(form, "lon").value = position.coords.longitude.toFixed(5);
        form.querySelector("[name=near]").value = "";
        form.submit();
      }, function () {
        message.textContent = " " + slot.getAttribute("data-geo-failed");
      }, { timeout: 10000, maximumAge: 300000 });
    });
    slot.appendChild(button);
    slot.appendChild(message);
  }
  // The share link: selected in one tap.
  var share = document.getElementById("share-link");
  if (share) {
    share.addEventListener("focus", function () { share.select(); });
  }
})();
