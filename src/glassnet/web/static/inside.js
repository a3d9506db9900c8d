// The Inside tab: the weights into each hidden node as images, and a backquery per label.

import { api, clearError, showError } from "./api.js";
import { bytesFromBase64, paintValues, weightColour } from "./paint.js";

let loaded = null;

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
    ...inside.weights.map((data, i) =>
      figure(bytesFromBase64(data), columns, `node ${i}`, colour)),
  );
}
