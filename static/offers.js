// Incoming work on every signed-in page (FEATURES C3): a new offer rings, notifies and takes the focus,
// each only as the agent's profile says. Away from the console, an accepted offer opens there in its own tab.
(() => {
  const offers = document.getElementById("offers");
  if (!offers) return;
  const onConsole = Boolean(document.getElementById("console"));
  const offerIds = () => [...offers.querySelectorAll("[data-offer-id]")].map((el) => el.dataset.offerId);
  let known = new Set(offerIds());

  let audio = null;
  const unlockAudio = () => {
    try {
      audio ??= new AudioContext();
      audio.resume();
    } catch {}
  };
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });
  const beep = () => {
    document.dispatchEvent(new CustomEvent("console:ring"));
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.15;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
  };
  const notify = (card) => {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const note = new Notification(card.dataset.title, { body: card.dataset.body, tag: card.dataset.offerId });
    note.onclick = () => {
      window.focus();
      note.close();
      card.focus();
    };
  };
  // Typing is not interrupted: a keystroke meant for a message must not land on the offer's buttons.
  const typing = () => {
    const el = document.activeElement;
    return Boolean(el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)));
  };

  offers.addEventListener("htmx:sseMessage", () => {
    const stack = offers.querySelector(".offer-stack");
    const fresh = [...offers.querySelectorAll("[data-offer-id]")].filter((el) => !known.has(el.dataset.offerId));
    known = new Set(offerIds());
    if (!fresh.length || !stack) return;
    if (stack.dataset.notifySound === "true") beep();
    if (stack.dataset.notifyDesktop === "true") notify(fresh[0]);
    if (!typing()) fresh[0].focus();
  });

  if (onConsole) return;
  // The push that removes the accepted card can come before the answer, so the answer is awaited on the request itself.
  offers.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.target.closest("form");
    const card = event.target.closest("[data-interaction-id]");
    if (!form || !card || !/\/(accept|answer)$/.test(form.getAttribute("action") ?? "")) return;
    const { interactionId } = card.dataset;
    const xhr = event.detail.xhr;
    xhr.addEventListener("load", () => {
      if (xhr.status >= 300) return;
      sessionStorage.setItem("console:tab", interactionId);
      location.assign("/console");
    });
  });
})();
