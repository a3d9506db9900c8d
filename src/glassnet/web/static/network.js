// The network diagram: every input the network may take, each neuron's output over the
// plane with its bias, links coloured by weight; hover to read a value, click to set it.

import { activationScale, bytesFromBase64, diverging, paintValues } from "./paint.js";

const SVG = "http://www.w3.org/2000/svg";
let built = "", handlers = {}, described = null, latest = null;

// handlers: toggleFeature(name), addNeuron(layer, change), edit({layer, node, source, value}).
export function buildNetwork(box, description, callbacks) {
  handlers = callbacks;
  described = description;
  const { sizes, config, output } = description;
  const key = JSON.stringify([sizes, config.activation, config.features, output]);
  if (key === built) return;
  built = key;
  const layers = document.createElement("div");
  layers.className = "layers";
  layers.append(inputColumn(description));
  sizes.slice(1).forEach((size, index) => {
    const layer = index + 1, last = layer === sizes.length - 1;
    const column = document.createElement("div");
    column.className = "layer";
    const title = document.createElement("h3");
    title.textContent = last ? `output (${size})` : `hidden ${layer} (${size})`;
    column.append(title);
    if (!last) column.append(neuronButtons(layer, size));
    for (let node = 0; node < size; node += 1) column.append(neuron(layer, node));
    layers.append(column);
  });
  const svg = document.createElementNS(SVG, "svg");
  svg.addEventListener("mouseover", (event) => {
    const what = lineValue(event.target);
    if (what) tooltip(event.target, describeValue(what));
  });
  svg.addEventListener("mouseout", () => tooltip(null));
  svg.addEventListener("click", (event) => {
    const what = lineValue(event.target);
    if (what) openEditor(what);
  });
  layers.prepend(svg);
  box.replaceChildren(layers);
}

function lineValue(line) {
  if (line.tagName !== "line") return null;
  const [layer, node, source] = ["layer", "node", "source"].map((key) => Number(line.dataset[key]));
  return { layer, node, source, value: latest.weights[layer][node][source] };
}

function inputColumn(description) {
  const column = document.createElement("div");
  column.className = "layer inputs";
  const title = document.createElement("h3");
  title.textContent = `inputs (${description.sizes[0]})`;
  column.append(title);
  for (const [name, feature] of Object.entries(description.features)) {
    const index = description.config.features.split(",").indexOf(name);
    const box = document.createElement("button");
    box.type = "button";
    box.className = index < 0 ? "feature off" : "feature";
    box.title = `${feature.label}: ${index < 0 ? "not used; click to feed it to the network" : "click to stop using it"}`;
    box.setAttribute("aria-pressed", String(index >= 0));
    const canvas = document.createElement("canvas");
    canvas.className = "neuron";
    canvas.dataset.feature = name;
    if (index >= 0) Object.assign(canvas.dataset, { layer: 0, node: index });
    const largest = Math.max(Math.abs(feature.low), Math.abs(feature.high)) || 1;
    const bytes = bytesFromBase64(feature.data);
    const step = (feature.high - feature.low) / 255;
    paintValues(canvas, bytes, Math.round(Math.sqrt(bytes.length)), (b) => diverging((feature.low + b * step) / largest));
    const label = document.createElement("span");
    label.textContent = feature.label;
    box.append(canvas, label);
    box.addEventListener("click", () => handlers.toggleFeature(name));
    column.append(box);
  }
  return column;
}

function neuronButtons(layer, size) {
  const row = document.createElement("div");
  row.className = "neuron-buttons";
  for (const [text, change, what] of [["+", 1, "add a neuron to"], ["−", -1, "remove a neuron from"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.dataset.layer = layer;
    button.dataset.change = change;
    button.setAttribute("aria-label", `${what} hidden layer ${layer}`);
    button.disabled = (change > 0 && size >= 8) || (change < 0 && size <= 1);
    button.addEventListener("click", () => handlers.addNeuron(layer, change));
    row.append(button);
  }
  return row;
}

function neuron(layer, node) {
  const wrapper = document.createElement("div");
  wrapper.className = "node";
  const canvas = document.createElement("canvas");
  canvas.className = "neuron";
  canvas.dataset.layer = layer;
  canvas.dataset.node = node;
  canvas.tabIndex = 0;
  const bias = document.createElement("span");
  bias.className = "bias";
  wrapper.append(canvas, bias);
  const what = () => ({ layer: layer - 1, node, source: null, value: latest.biases[layer - 1][node] });
  canvas.addEventListener("mouseenter", () => tooltip(canvas, describeValue(what())));
  canvas.addEventListener("mouseleave", () => tooltip(null));
  canvas.addEventListener("click", () => openEditor(what()));
  return wrapper;
}

function nodeName(layer, node) {
  if (layer === 0) return described.features[described.config.features.split(",")[node]].label;
  return layer === described.sizes.length - 1 ? `output ${node + 1}` : `hidden ${layer}, neuron ${node + 1}`;
}

function target({ layer, node, source }) {
  if (source === null) return `bias of ${nodeName(layer + 1, node)}`;
  return `weight from ${nodeName(layer, source)} to ${nodeName(layer + 1, node)}`;
}

const describeValue = (what) => `${target(what)}: ${what.value.toFixed(4)}`;

function tooltip(target, text) {
  const tip = document.getElementById("tooltip");
  if (!target) {
    tip.hidden = true;
    return;
  }
  const card = tip.parentElement.getBoundingClientRect(), rect = target.getBoundingClientRect();
  tip.textContent = text;
  tip.style.left = `${rect.left - card.left}px`;
  tip.style.top = `${rect.bottom - card.top + 4}px`;
  tip.hidden = false;
}

function openEditor(what) {
  const editor = document.getElementById("editor");
  editor.hidden = false;
  document.getElementById("editor-what").textContent = `${target(what)}, new value:`;
  const input = document.getElementById("editor-value");
  input.value = what.value;
  input.focus();
  input.select();
  editor.onsubmit = (event) => {
    event.preventDefault();
    editor.hidden = true;
    handlers.edit({ ...what, value: Number(input.value) });
  };
  document.getElementById("editor-cancel").onclick = () => { editor.hidden = true; };
}

// Fit the neurons to the width: phones get smaller pictures, never a wider page.
function fitNeurons(box, n_layers) {
  if (!box.clientWidth) return;
  const fit = Math.floor((box.clientWidth - 12 * n_layers) / n_layers);
  box.style.setProperty("--neuron", `${Math.max(28, Math.min(56, fit))}px`);
}

export function paintNetwork(box, description, snapshot) {
  latest = snapshot;
  fitNeurons(box, description.sizes.length);
  const scales = layerScales(description, snapshot);
  snapshot.maps.forEach((maps, index) => {
    maps.forEach((map, node) => {
      const canvas = box.querySelector(`canvas[data-layer="${index + 1}"][data-node="${node}"]`);
      if (!canvas) return;
      const bytes = bytesFromBase64(map.data);
      const step = (map.high - map.low) / 255;
      paintValues(canvas, bytes, Math.round(Math.sqrt(bytes.length)), (b) => scales[index].colour(map.low + b * step));
      const bias = snapshot.biases[index] ? snapshot.biases[index][node] : 0;
      const [r, g, b] = diverging(bias / Math.max(1, ...snapshot.biases.flat().map(Math.abs)));
      canvas.nextElementSibling.style.background = `rgb(${r},${g},${b})`;
    });
  });
  drawLinks(box, snapshot.weights);
  legend(scales);
}

export function layerScales(description, snapshot) {
  const hidden = description.sizes.slice(1, -1).map(() => description.config.activation);
  return [...hidden, description.output].map((activation, index) =>
    activationScale(activation, snapshot.maps[index], { output: index === hidden.length, regression: description.regression }));
}

function legend(scales) {
  const items = scales.map((scale, index) => {
    const item = document.createElement("div");
    item.className = "legend-item";
    const name = index === scales.length - 1 ? `output: ${scale.name}` : `hidden ${index + 1}: ${scale.name}`;
    const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => {
      const [r, g, b] = scale.colour(scale.low + t * (scale.high - scale.low));
      return `rgb(${r},${g},${b}) ${t * 100}%`;
    });
    const ticks = [scale.low, scale.middle, scale.high].filter((v) => v !== undefined).map((v) => Number(v.toPrecision(2)));
    item.innerHTML = `<span class="legend-name"></span><span class="legend-bar"></span><span class="legend-ticks"></span>`;
    item.querySelector(".legend-name").textContent = name;
    item.querySelector(".legend-bar").style.background = `linear-gradient(to right, ${stops.join(", ")})`;
    item.querySelector(".legend-ticks").replaceChildren(...ticks.map((v) => Object.assign(document.createElement("span"), { textContent: String(v) })));
    item.dataset.low = scale.low;
    item.dataset.high = scale.high;
    return item;
  });
  document.getElementById("legend").replaceChildren(...items);
}

function drawLinks(box, weights) {
  const svg = box.querySelector("svg");
  const origin = box.querySelector(".layers").getBoundingClientRect();
  const centre = (layer, side) => [...box.querySelectorAll(`canvas[data-layer="${layer}"]`)].map((canvas) => {
    const rect = canvas.getBoundingClientRect();
    return [rect[side] - origin.left, rect.top + rect.height / 2 - origin.top];
  });
  const biggest = Math.max(1e-9, ...weights.flat(2).map(Math.abs));
  const lines = [];
  weights.forEach((matrix, layer) => {
    const from = centre(layer, "right"), to = centre(layer + 1, "left");
    matrix.forEach((row, j) => row.forEach((w, i) => {
      if (!from[i] || !to[j]) return;
      const [r, g, b] = diverging(w / biggest);
      const width = 0.5 + 3.5 * Math.abs(w) / biggest;
      lines.push(`<line data-layer="${layer}" data-node="${j}" data-source="${i}" x1="${from[i][0]}" y1="${from[i][1]}" x2="${to[j][0]}" y2="${to[j][1]}" stroke="rgb(${r},${g},${b})" stroke-width="${width.toFixed(2)}"/>`);
    }));
  });
  svg.innerHTML = lines.join("");
}
