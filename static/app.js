// Page glue shared by every screen: error messages from htmx requests, and "select all" boxes.
document.addEventListener("htmx:responseError", (event) => {
  const flash = document.getElementById("flash");
  if (!flash) return;
  const xhr = event.detail.xhr;
  flash.textContent = xhr.responseText && xhr.responseText.length < 300 ? xhr.responseText : `Request failed (${xhr.status}).`;
  flash.className = "flash error";
});
document.addEventListener("htmx:sendError", () => {
  const flash = document.getElementById("flash");
  if (flash) {
    flash.textContent = "The appliance cannot be reached. Check the network and try again.";
    flash.className = "flash error";
  }
});
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  for (const other of document.querySelectorAll(`input[name="${box.dataset.selectAll}"]`)) other.checked = box.checked;
});
