// The network diagram: each neuron's output over the plane, links coloured by weight.

import { bytesFromBase64, diverging, paintValues } from "./paint.js";

const SVG = "http://www.w3.org/2000/svg";
let built = "";

// Colour scale of a layer's outputs: tanh and sigmoid have fixed ranges, others their own.
function scaleFor(activation, maps) {
  if (activation === "tanh") return [-1, 1];
  if (activation === "sigmoid" || activation === "softmax") return [0, 1];
  const extreme = Math.max(1e-9, ...maps.flatMap((m) => [Math.abs(m.low), Math.abs(m.high)]));
  return activation === "relu" ? [0, extreme] : [-extreme, extreme];
}

export function buildNetwork(box, description) {
  const { sizes, config, output } = description;
  const key = JSON.stringify([sizes, config.activation, output]);
  if (key === built) return;
  built = key;
  const layers = document.createElement("div");
  layers.className = "layers";
  const names = sizes.map((_, i) => (i === 0 ? "inputs" : i === sizes.length - 1 ? "output" : `hidden ${i}`));
  sizes.forEach((size, layer) => {
    const column = document.createElement("div");
    column.className = "layer";
    const title = document.createElement("h3");
    title.textContent = `${names[layer]} (${size})`;
    column.append(title);
    for (let node = 0; node < size; node += 1) {
      const canvas = document.createElement("canvas");
      canvas.className = "neuron";
      canvas.dataset.layer = layer;
      canvas.dataset.node = node;
      canvas.title = layer === 0 ? `x${node + 1}` : `${names[layer]}, neuron ${node + 1}`;
      column.append(canvas);
    }
    layers.append(column);
  });
  const links = document.createElementNS(SVG, "svg");
  layers.prepend(links);
  box.replaceChildren(layers);
  paintInputs(box, description.extent);
}

// Fit the neurons to the width: phones get smaller pictures, never a wider page.
function fitNeurons(box, n_layers) {
  if (!box.clientWidth) return;
  const fit = Math.floor((box.clientWidth - 12 * n_layers) / n_layers);
  box.style.setProperty("--neuron", `${Math.max(28, Math.min(56, fit))}px`);
}

function paintInputs(box, extent) {
  const side = 40;
  const ramp = Array.from({ length: side * side }, (_, i) => [(i % side) / (side - 1), 1 - Math.floor(i / side) / (side - 1)]);
  box.querySelectorAll('canvas[data-layer="0"]').forEach((canvas, node) => {
    paintValues(canvas, ramp, side, (xy) => diverging(xy[node] * 2 - 1));
  });
  box.dataset.extent = extent;
}

export function paintNetwork(box, description, snapshot) {
  fitNeurons(box, description.sizes.length);
  const activations = [...description.sizes.slice(1, -1).map(() => description.config.activation), description.output];
  snapshot.maps.forEach((maps, index) => {
    const [low, high] = scaleFor(activations[index], maps);
    const middle = (low + high) / 2, half = (high - low) / 2 || 1;
    maps.forEach((map, node) => {
      const canvas = box.querySelector(`canvas[data-layer="${index + 1}"][data-node="${node}"]`);
      if (!canvas) return;
      const bytes = bytesFromBase64(map.data);
      const side = Math.round(Math.sqrt(bytes.length));
      const step = (map.high - map.low) / 255;
      paintValues(canvas, bytes, side, (b) => diverging((map.low + b * step - middle) / half));
    });
  });
  drawLinks(box, snapshot.weights);
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
      lines.push(`<line x1="${from[i][0]}" y1="${from[i][1]}" x2="${to[j][0]}" y2="${to[j][1]}" stroke="rgb(${r},${g},${b})" stroke-width="${width.toFixed(2)}"/>`);
    }));
  });
  svg.innerHTML = lines.join("");
}
