// Loaded before textual.js: shows why a game ended (the server says so when it closes
// the connection), saves delivered files as downloads, and the "Start again" button reloads the page, which offers Continue.
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
  // A file the game delivers (the debrief) is fetched as a download in this tab rather
  // than in a new window, which browsers may block as a pop-up.
  const nativeOpen = window.open.bind(window);
  window.open = (url, target, features) => {
    const address = new URL(String(url), window.location.href);
    if (address.origin === window.location.origin &&
        address.pathname.startsWith("/download/")) {
      const link = document.createElement("a");
      link.href = address.href;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }
    return nativeOpen(url, target, features);
  };
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("restart").addEventListener("click", () => {
      window.location.href = "/";
    });
  });
})();
