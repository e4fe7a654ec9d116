/**
 * The browser phone's panel (FEATURES V1): its status, read out as it changes, and the device picker.
 * static/phone.js brings it to life; without it the status says so.
 */
export function PhonePanel() {
  return (
    <section class="card" id="phone" aria-labelledby="phone-h">
      <h2 id="phone-h">Phone</h2>
      <p id="phone-status" role="status" aria-live="polite">
        The phone starts once the page has loaded.
      </p>
      {/* Routing offers voice calls only to a ready phone; static/phone.js hides this once it is. */}
      <p id="phone-no-calls" class="muted">
        Calls are not offered to you while your phone is not ready.
      </p>
      {/* The paragraph is what hides: the button's own display rule would override its hidden attribute. */}
      <p id="phone-here" hidden>
        <button type="button">Use the phone here</button>
      </p>
      <div class="row">
        <label>
          Microphone{" "}
          <select id="phone-mic" disabled>
            <option value="">Default microphone</option>
          </select>
        </label>
        <label>
          Speaker{" "}
          <select id="phone-speaker" disabled>
            <option value="">Default speaker</option>
          </select>
        </label>
      </div>
      {/* biome-ignore lint/a11y/useMediaCaption: a live call's far end; there is no caption track to give. */}
      <audio id="phone-audio" autoplay></audio>
    </section>
  );
}
