// The Train tab: settings (kept in the URL), a training session on the server, live pictures.

import { api, clearError, setUrlParams, showError, urlParams } from "./api.js";
import { buildNetwork, paintNetwork } from "./network.js";
import { PALETTE, bytesFromBase64, diverging, hexToRgb, lossChart, sharpContext } from "./paint.js";

let form, options, session = null, events = null, latest = null, csvText = null, timer = null, creating = 0;
let divergedShown = false;

export async function initTrain() {
  form = document.getElementById("settings");
  try {
    options = await api("/api/playground/options");
  } catch (error) {
    showError(error.message);
    return;
  }
  fill("dataset", options.datasets);
  fill("activation", options.activations);
  fill("loss", options.losses);
  fill("optimizer", options.optimizers);
  const params = urlParams();
  for (const [name, value] of Object.entries(options.defaults)) {
    form.elements[name].value = params.has(name) ? params.get(name) : value;
  }
  showOutputs();
  form.addEventListener("input", (event) => {
    showOutputs();
    if (event.target.type !== "file") schedule(); // a file is read first, then used
  });
  document.getElementById("csv").addEventListener("change", readCsv);
  document.getElementById("play").addEventListener("click", () => control(latest && latest.running ? "pause" : "start"));
  document.getElementById("step").addEventListener("click", () => control("step"));
  document.getElementById("reset").addEventListener("click", () => control("reset"));
  document.getElementById("share").addEventListener("click", share);
  window.addEventListener("resize", () => latest && render(latest));
  await create(false);
}

// The Train tab was opened: the network's pictures can only be measured when visible.
export function trainShown() {
  if (latest) render(latest);
}

function fill(name, values) {
  form.elements[name].replaceChildren(...values.map((value) => new Option(value.replaceAll("-", " "), value)));
}

function showOutputs() {
  for (const output of form.querySelectorAll("output")) output.textContent = output.previousElementSibling.value;
  const csv = form.elements.dataset.value === "csv";
  document.getElementById("csv-label").hidden = !csv;
  form.elements.points.disabled = csv; // an uploaded file brings its own points
  form.elements.noise.disabled = csv;
}

function settings() {
  return Object.fromEntries(Object.keys(options.defaults).map((name) => [name, form.elements[name].value]));
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => create(latest && latest.running), 300);
}

async function readCsv(event) {
  const file = event.target.files[0];
  if (!file) return;
  csvText = await file.text();
  create(false);
}

async function create(run) {
  const values = settings();
  setUrlParams({ ...values, tab: urlParams().get("tab") || "train" });
  if (values.dataset === "csv" && csvText === null) {
    showError("Choose a CSV file with columns x, y, label for the csv dataset.");
    return;
  }
  const ticket = ++creating;
  try {
    const body = values.dataset === "csv" ? { ...values, csv: csvText } : values;
    const created = await api("/api/playground", { method: "POST", body });
    if (ticket !== creating) { api(`/api/playground/${created.id}`, { method: "DELETE" }).catch(() => {}); return; }
    clearError();
    close();
    session = created;
    buildNetwork(document.getElementById("network"), session);
    render(session.snapshot);
    listen();
    if (run) control("start");
  } catch (error) {
    if (ticket === creating) showError(error.message);
  }
}

function close() {
  if (events) events.close();
  events = null;
  if (session) api(`/api/playground/${session.id}`, { method: "DELETE" }).catch(() => {});
  session = null;
}

function listen() {
  const id = session.id;
  events = new EventSource(`/api/playground/${id}/events`);
  events.onmessage = (event) => {
    if (session && session.id === id) render(JSON.parse(event.data));
  };
  events.addEventListener("end", () => events && events.close());
}

async function control(action) {
  if (!session) return;
  try {
    const answer = await api(`/api/playground/${session.id}/${action}`, { method: "POST" });
    render(answer.snapshot);
  } catch (error) {
    showError(error.message);
  }
}

async function share() {
  const button = document.getElementById("share");
  try {
    await navigator.clipboard.writeText(window.location.href);
    button.textContent = "Link copied";
  } catch {
    button.textContent = "Copy it from the address bar";
  }
  setTimeout(() => { button.textContent = "Copy link"; }, 2000);
}

function render(snapshot) {
  if (!session) return;
  latest = snapshot;
  const play = document.getElementById("play");
  play.textContent = snapshot.running ? "Pause" : "Start";
  const stat = (id, value, text) => {
    const element = document.getElementById(id);
    element.textContent = text;
    element.dataset.value = value;
  };
  const loss = (value) => (value === null ? "diverged" : value.toFixed(4));
  stat("epoch", snapshot.epoch, snapshot.epoch.toLocaleString("en"));
  stat("train-loss", snapshot.train_loss, loss(snapshot.train_loss));
  stat("test-loss", snapshot.test_loss, loss(snapshot.test_loss));
  if (snapshot.diverged !== divergedShown) {
    divergedShown = snapshot.diverged;
    if (divergedShown) showError("Training diverged (the loss is not a number): lower the learning rate, then Reset.");
    else clearError();
  }
  stat("test-accuracy", snapshot.test_accuracy, `${(snapshot.test_accuracy * 100).toFixed(1)}%`);
  const box = document.getElementById("network");
  if (box.clientWidth) paintNetwork(box, session, snapshot);
  paintBoundary(snapshot);
  const chart = document.getElementById("loss-chart");
  if (chart.clientWidth) lossChart(chart, snapshot.history);
}

function paintBoundary(snapshot) {
  const canvas = document.getElementById("boundary");
  const outputs = snapshot.maps[snapshot.maps.length - 1].map((map) => {
    const bytes = bytesFromBase64(map.data);
    return Float32Array.from(bytes, (b) => map.low + (b * (map.high - map.low)) / 255);
  });
  const side = Math.round(Math.sqrt(outputs[0].length));
  const picture = new ImageData(side, side);
  const colours = PALETTE.map(hexToRgb);
  for (let i = 0; i < side * side; i += 1) {
    let rgb;
    if (outputs.length === 1) {
      rgb = diverging(2 * outputs[0][i] - 1);
    } else {
      let best = 0;
      for (let k = 1; k < outputs.length; k += 1) if (outputs[k][i] > outputs[best][i]) best = k;
      const share = outputs[best][i] / outputs.reduce((sum, o) => sum + Math.max(o[i], 1e-9), 0);
      const strength = Math.max(0, Math.min(1, (share - 1 / outputs.length) * outputs.length / (outputs.length - 1)));
      rgb = colours[best % colours.length].map((c) => Math.round(240 + (c - 240) * strength * 0.8));
    }
    picture.data.set([...rgb, 255], i * 4);
  }
  const small = new OffscreenCanvas(side, side);
  small.getContext("2d").putImageData(picture, 0, 0);
  if (!canvas.clientWidth) return;
  const [context, width, height] = sharpContext(canvas);
  context.imageSmoothingEnabled = true;
  context.drawImage(small, 0, 0, width, height);
  const extent = session.extent;
  const px = (x) => ((x + extent) / (2 * extent)) * width;
  const py = (y) => ((extent - y) / (2 * extent)) * height;
  for (const [points, test] of [[session.train, false], [session.test, true]]) {
    for (const [x, y, label] of points) {
      context.beginPath();
      context.arc(px(x), py(y), 4, 0, 2 * Math.PI);
      context.fillStyle = session.class_names.length === 2 ? (label ? "#0877bd" : "#f59322") : PALETTE[label % PALETTE.length];
      context.fill();
      context.lineWidth = test ? 1.5 : 1;
      context.strokeStyle = test ? "#111" : "#fff";
      context.stroke();
    }
  }
  axes(context, width, height, px, py);
  canvas.dataset.epoch = snapshot.epoch;
}

function axes(context, width, height, px, py) {
  const [xLow, xHigh, yLow, yHigh] = session.bounds;
  const value = (t, low, high) => Number((low + ((t + 1) / 2) * (high - low)).toPrecision(3));
  context.font = "11px system-ui, sans-serif";
  context.fillStyle = "#1d2733";
  context.textAlign = "center";
  for (const t of [-1, 0, 1]) {
    context.fillText(String(value(t, xLow, xHigh)), px(t), height - 4);
  }
  context.textAlign = "left";
  for (const t of [-1, 0, 1]) {
    context.fillText(String(value(t, yLow, yHigh)), 4, py(t) + 4);
  }
  context.textAlign = "right";
  context.fillText("x₁ →", width - 4, height - 16);
  context.textAlign = "left";
  context.fillText("↑ x₂", 4, 12);
}
