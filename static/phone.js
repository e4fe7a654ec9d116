// The browser phone island (FEATURES V1, C6): microphone once, simple-peer to the appliance's own WebRTC
// end, signalling over /phone/ws, reconnects after a reload or a drop. It tells the page what it is doing
// with `phone:status` and `phone:ready` events on #phone; it keeps no call state of its own.
const root = document.getElementById("phone");
if (root) start(root);

const MAX_DELAY_MS = 30_000;

function start(root) {
  const statusLine = root.querySelector("#phone-status");
  const audio = root.querySelector("#phone-audio");
  const micPicker = root.querySelector("#phone-mic");
  const speakerPicker = root.querySelector("#phone-speaker");
  const hereRow = root.querySelector("#phone-here");
  const noCalls = root.querySelector("#phone-no-calls");
  let stream = null;
  let socket = null;
  let peer = null;
  let failures = 0;
  let retryTimer = 0;

  const status = (state, text) => {
    statusLine.textContent = text;
    root.dataset.state = state;
    noCalls.hidden = state === "ready";
    root.dispatchEvent(new CustomEvent("phone:status", { bubbles: true, detail: { state, text } }));
    if (state === "ready") root.dispatchEvent(new CustomEvent("phone:ready", { bubbles: true }));
  };
  const send = (message) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));

  // Exponential backoff with jitter, bounded: 0.5 s, 1 s, 2 s … 30 s.
  const retry = (what) => {
    clearTimeout(retryTimer);
    const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** failures++) * (0.8 + Math.random() * 0.4);
    retryTimer = setTimeout(what, delay);
  };

  const closePeer = () => {
    peer?.destroy();
    peer = null;
  };

  const startPeer = async () => {
    closePeer();
    const SimplePeer = await loadSimplePeer();
    // No STUN or TURN: the appliance answers as ICE-lite on an address the browser reaches directly.
    const p = new SimplePeer({ initiator: true, trickle: true, stream, config: { iceServers: [] } });
    peer = p;
    p.on("signal", (data) => {
      if (p !== peer) return;
      if (data.type === "offer") send({ type: "offer", sdp: data.sdp });
      else if (data.candidate) send({ type: "candidate", candidate: data.candidate });
    });
    p.on("stream", (remote) => {
      audio.srcObject = remote;
      audio.play().catch(() => {});
    });
    p.on("error", () => {});
    p.on("close", () => {
      if (p !== peer) return;
      peer = null;
      status("connecting", "Connecting…");
      if (socket?.readyState === WebSocket.OPEN) retry(restartPeer);
    });
  };

  const onSignal = (message) => {
    if (message.type === "answer") peer?.signal({ type: "answer", sdp: message.sdp });
    else if (message.type === "candidate") peer?.signal({ type: "candidate", candidate: message.candidate });
    else if (message.type === "ready") {
      failures = 0;
      status("ready", "Phone ready");
    } else if (message.type === "hangup" && message.reason !== "replaced") {
      closePeer();
      status("connecting", "Connecting…");
      retry(restartPeer);
    }
  };
  const restartPeer = () => startPeer().catch(() => {});

  const connect = () => {
    clearTimeout(retryTimer);
    hereRow.hidden = true;
    status("connecting", "Connecting…");
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/phone/ws`);
    socket = ws;
    ws.onopen = () => startPeer().catch(() => status("error", "The phone could not start. Reload the page."));
    ws.onmessage = (event) => {
      try {
        onSignal(JSON.parse(event.data));
      } catch {}
    };
    ws.onclose = (event) => {
      if (ws !== socket) return;
      socket = null;
      closePeer();
      if (event.code === 4000) {
        status("elsewhere", "The phone is open in another window.");
        hereRow.hidden = false;
      } else if (event.code === 4001) status("off", "Signed out.");
      else {
        status("connecting", "Connecting…");
        retry(connect);
      }
    };
  };

  const pickMicrophone = async (deviceId) => {
    const next = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
    const [oldTrack] = stream?.getAudioTracks() ?? [];
    const [newTrack] = next.getAudioTracks();
    if (peer && oldTrack && newTrack) peer.replaceTrack(oldTrack, newTrack, stream);
    oldTrack?.stop();
    if (stream && oldTrack) stream.removeTrack(oldTrack);
    if (stream) stream.addTrack(newTrack);
    else stream = next;
  };

  const fillPickers = async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    fill(
      micPicker,
      devices.filter((d) => d.kind === "audioinput"),
      localStorage.getItem("phone.mic"),
    );
    const canChoose = typeof audio.setSinkId === "function";
    fill(speakerPicker, canChoose ? devices.filter((d) => d.kind === "audiooutput") : [], localStorage.getItem("phone.speaker"));
    micPicker.disabled = false;
    speakerPicker.disabled = !canChoose;
    if (canChoose && speakerPicker.value) audio.setSinkId(speakerPicker.value).catch(() => {});
  };

  micPicker.addEventListener("change", () => {
    localStorage.setItem("phone.mic", micPicker.value);
    pickMicrophone(micPicker.value).catch(() => status("no-microphone", "No microphone permission"));
  });
  speakerPicker.addEventListener("change", () => {
    localStorage.setItem("phone.speaker", speakerPicker.value);
    audio.setSinkId(speakerPicker.value).catch(() => {});
  });
  hereRow.querySelector("button").addEventListener("click", connect);

  // The microphone is asked for once per page; the browser remembers the answer. A remembered device
  // that is gone falls back to the default one.
  const saved = localStorage.getItem("phone.mic") ?? "";
  pickMicrophone(saved)
    .catch((err) => (saved && err.name === "OverconstrainedError" ? pickMicrophone("") : Promise.reject(err)))
    .then(() => fillPickers().catch(() => {}))
    .then(connect, () => status("no-microphone", "No microphone permission"));
}

function fill(select, devices, chosen) {
  for (const [i, device] of devices.entries()) {
    if (!device.deviceId || device.deviceId === "default") continue;
    const option = new Option(device.label || `Device ${i + 1}`, device.deviceId);
    select.append(option);
  }
  if (chosen && [...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

// simple-peer ships a UMD bundle that sets window.SimplePeer; a classic script loads it once.
let simplePeer = null;
function loadSimplePeer() {
  simplePeer ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/static/simplepeer.min.js";
    script.onload = () => resolve(window.SimplePeer);
    script.onerror = () => reject(new Error("simple-peer did not load"));
    document.head.append(script);
  });
  return simplePeer;
}
