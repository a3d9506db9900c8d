// The Inside tab: the weights into each hidden node as images, a backquery per label, and
// the learner's own drawing going through: how strongly each hidden node fires for it.

import { api, clearError, showError } from "./api.js";
import { bytesFromBase64, paintValues, weightColour } from "./paint.js";

let loaded = null, shown = null, drawing = null;

document.addEventListener("prediction", (event) => {
  drawing = event.detail;
  flow();
});

export async function showInside(model) {
  if (loaded === model) return;
  loaded = model;
  try {
    const query = model ? `?model=${encodeURIComponent(model)}` : "";
    const inside = await api(`/api/inside${query}`);
    if (loaded !== model) return;
    clearError();
    render(inside);
  } catch (error) {
    loaded = null;
    showError(error.message);
  }
}

function figure(bytes, columns, caption, colour) {
  const item = document.createElement("figure");
  const canvas = document.createElement("canvas");
  paintValues(canvas, bytes, columns, colour);
  const label = document.createElement("figcaption");
  label.textContent = caption;
  item.append(canvas, label);
  return item;
}

function render(inside) {
  shown = inside;
  const [, columns] = inside.image_shape;
  document.getElementById("inside-name").textContent = inside.name;
  const accuracy = inside.test_accuracy == null ? "" : `, test accuracy ${(inside.test_accuracy * 100).toFixed(1)}%`;
  document.getElementById("inside-summary").textContent =
    `${inside.sizes.join("-")} network (${inside.activations.join(", ")})` +
    `${inside.dataset ? ` trained on ${inside.dataset}` : ""}${accuracy}.`;
  const grey = (b) => Array(3).fill(b);
  const gallery = document.getElementById("backquery");
  if (inside.backquery) {
    gallery.replaceChildren(
      ...inside.backquery.map((data, i) => figure(bytesFromBase64(data), columns, inside.class_names[i], grey)),
    );
  } else {
    const why = document.createElement("p");
    why.className = "note";
    why.textContent = inside.backquery_error;
    gallery.replaceChildren(why);
  }
  const colour = (b) => weightColour(b / 127.5 - 1);
  document.getElementById("weights").replaceChildren(
    ...inside.weights.map((data, i) => {
      const item = figure(bytesFromBase64(data), columns, `node ${i}`, colour);
      item.append(Object.assign(document.createElement("span"), { className: "activation" }));
      return item;
    }),
  );
  flow();
}

// The drawing as the network's input, and each hidden node's activation for it under its
// weight image: a bar and a number, the node's picture faded when it hardly fires.
function flow() {
  const note = document.getElementById("flow-note");
  const figures = [...document.querySelectorAll("#weights figure")];
  const fits = drawing && shown && drawing.model === shown.name && drawing.hidden[0].length === figures.length;
  figures.forEach((item, i) => {
    const value = fits ? drawing.hidden[0][i] : null;
    item.dataset.activation = value === null ? "" : value;
    item.style.opacity = value === null ? "" : String(0.25 + 0.75 * Math.min(1, Math.max(0, value)));
    item.querySelector(".activation").style.width = value === null ? "0" : `${Math.min(1, Math.max(0, value)) * 100}%`;
    item.querySelector("figcaption").textContent = value === null ? `node ${i}` : `node ${i}: ${value.toFixed(2)}`;
  });
  const input = document.getElementById("flow-input");
  if (!fits) {
    input.getContext("2d").clearRect(0, 0, input.width, input.height);
    if (shown) note.textContent = "Draw a digit on the Draw tab: each hidden node below then shows how strongly it fires for it, over the weights it looks with.";
    return;
  }
  paintValues(input, drawing.image, drawing.image_shape[1], (v) => Array(3).fill(Math.round(255 * v)));
  const top = drawing.hidden[0].map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 3);
  note.textContent =
    `Your drawing as the network's input (left). Below, each hidden node's weights with its activation for this drawing ` +
    `(bar and number; faded: hardly firing). Strongest: ${top.map(([v, i]) => `node ${i} (${v.toFixed(2)})`).join(", ")}; ` +
    `the output says ${drawing.label}${drawing.doubt ? " (not sure)" : ""}.`;
}
