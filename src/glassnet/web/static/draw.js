// The Draw tab: a pad for mouse, pen or finger; every stroke asks the network again.

import { api, clearError, showError } from "./api.js";
import { paintValues } from "./paint.js";

const PEN = 18; // stroke width in the pad's 280 pixels: a pen line on a hand-sized digit
let pad, context, model = "", drawing = false, last = null, inked = false;
let asked = 0, timer = null;

export function initDraw(getModel) {
  pad = document.getElementById("pad");
  context = pad.getContext("2d");
  clear();
  pad.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    last = point(event);
    line(last, last);
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const each of events.length ? events : [event]) {
      const next = point(each);
      line(last, next);
      last = next;
    }
    if (!timer) timer = setTimeout(() => { timer = null; predict(); }, 250); // live, but not per pixel
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    predict();
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
  document.getElementById("clear").addEventListener("click", clear);
  document.getElementById("upload").addEventListener("change", (event) => upload(event.target.files[0]));
  model = getModel();
}

export function setDrawModel(name) {
  model = name;
  if (inked) predict();
}

function point(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * (pad.width / box.width), (event.clientY - box.top) * (pad.height / box.height)];
}

function line(from, to) {
  context.strokeStyle = "#000";
  context.lineWidth = PEN;
  context.lineCap = "round";
  context.lineJoin = "round";
  context.beginPath();
  context.moveTo(...from);
  context.lineTo(...to);
  context.stroke();
  inked = true;
}

function clear() {
  context.fillStyle = "#fff";
  context.fillRect(0, 0, pad.width, pad.height);
  inked = false;
  asked += 1; // answers still on their way are for the old drawing
  document.getElementById("prediction").textContent = "?";
  document.getElementById("pad-says").textContent = "";
  document.getElementById("not-sure").hidden = true;
  document.getElementById("bars").replaceChildren();
  document.dispatchEvent(new CustomEvent("prediction", { detail: null }));
  document.getElementById("seen").getContext("2d").clearRect(0, 0, 1e4, 1e4);
  document.getElementById("hidden").replaceChildren();
  pad.dataset.predicted = "";
}

async function upload(file) {
  if (!file) return;
  try {
    const bitmap = await createImageBitmap(file);
    clear();
    const scale = Math.min(pad.width / bitmap.width, pad.height / bitmap.height);
    const w = bitmap.width * scale, h = bitmap.height * scale;
    context.drawImage(bitmap, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
    inked = true;
    predict();
  } catch {
    showError(`${file.name}: not an image this browser can read`);
  }
}

async function predict() {
  if (!inked) return;
  const ticket = ++asked;
  try {
    const body = { image: pad.toDataURL("image/png") };
    if (model) body.model = model;
    const answer = await api("/api/predict", { method: "POST", body });
    if (ticket !== asked) return; // a newer stroke's answer is on its way
    clearError();
    show(answer);
  } catch (error) {
    if (ticket === asked) showError(error.message);
  }
}

// One number per class: a softmax model's probability, or a sigmoid model's output as a
// share of all outputs (its outputs are independent yes/no scores, not probabilities).
const MEASURES = {
  probability: "Each bar: the probability the network gives that class (its softmax output).",
  share: "Each bar: that output node's share of all the outputs. This network's outputs are separate yes/no scores (sigmoid), so a share is not a probability; hover a bar for the raw output.",
};

function show(answer) {
  document.getElementById("prediction").textContent = answer.label;
  pad.dataset.predicted = answer.label;
  pad.dataset.sure = String(!answer.doubt);
  const bars = answer.scores.map((score, i) => {
    const item = document.createElement("li");
    item.className = i === answer.index ? "best" : "";
    item.innerHTML = `<span class="name"></span><span class="track"><span class="fill"></span></span><span class="value"></span>`;
    item.querySelector(".name").textContent = answer.class_names ? answer.class_names[i] : String(i);
    item.querySelector(".fill").style.width = `${(score * 100).toFixed(1)}%`;
    item.querySelector(".value").textContent = `${(score * 100).toFixed(0)}%`;
    item.title = `${answer.measure} ${(score * 100).toFixed(1)}% (raw output ${answer.outputs[i].toFixed(3)})`;
    return item;
  });
  document.getElementById("bars").replaceChildren(...bars);
  document.getElementById("bars-note").textContent = MEASURES[answer.measure];
  const unsure = document.getElementById("not-sure");
  unsure.hidden = !answer.doubt;
  unsure.textContent = answer.doubt ? `Not sure: ${answer.doubt}.` : "";
  const [rows, cols] = answer.image_shape;
  const seen = document.getElementById("seen");
  paintValues(seen, answer.image, cols, (v) => Array(3).fill(Math.round(255 * v)));
  document.getElementById("seen-note").textContent =
    `The ${rows}x${cols} input the network sees: fitted into its frame, inverted so ink is bright, scaled to 0.01–1.0.`;
  const says = document.getElementById("pad-says");
  says.innerHTML = "<span></span> <strong></strong> <span class=\"note\"></span>";
  const [lead, , detail] = says.children;
  lead.textContent = answer.doubt ? "Not sure; its best guess is" : "The network says";
  says.querySelector("strong").textContent = answer.label;
  detail.textContent = `(${(answer.scores[answer.index] * 100).toFixed(0)}% ${answer.measure === "share" ? "of the outputs" : "probability"})`;
  showHidden(answer.hidden);
  document.dispatchEvent(new CustomEvent("prediction", { detail: answer }));
}

function showHidden(layers) {
  const box = document.getElementById("hidden");
  const canvases = layers.map((values) => {
    const columns = Math.ceil(Math.sqrt(values.length));
    const padded = values.concat(Array(columns * Math.ceil(values.length / columns) - values.length).fill(null));
    const canvas = document.createElement("canvas");
    canvas.setAttribute("aria-label", `${values.length} hidden activations`);
    paintValues(canvas, padded, columns, (v) => (v === null ? [255, 255, 255] : activationColour(v)));
    return canvas;
  });
  box.replaceChildren(...canvases);
  const top = layers[0]
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([v, i]) => `node ${i} (${v.toFixed(2)})`);
  document.getElementById("hidden-note").textContent =
    `${layers.map((l) => l.length).join(" + ")} hidden nodes, row by row (dark: firing). Most active: ${top.join(", ")}.`;
}

function activationColour(value) {
  const t = Math.max(0, Math.min(1, value));
  return [Math.round(240 - 210 * t), Math.round(242 - 180 * t), Math.round(244 - 84 * t)];
}
