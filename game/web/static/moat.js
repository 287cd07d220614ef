// Loaded before textual.js: shows why a game ended (the server says so when it closes
// the connection), and the "Start again" button reloads the page, which offers Continue.
(() => {
  const Native = window.WebSocket;
  class MoatSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener("close", (event) => {
        const message = document.getElementById("closed-message");
        if (message && event.reason) {
          message.textContent = event.reason;
        }
      });
    }
  }
  window.WebSocket = MoatSocket;
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("restart").addEventListener("click", () => {
      window.location.href = "/";
    });
  });
})();
