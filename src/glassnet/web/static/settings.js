// The Train tab's settings: the form, the dataset pictures, the page's toggles, and what
// a link may say (every bad field of a link is named, and shown at its default instead).

import { api, setUrlParams, urlParams } from "./api.js";
import { diverging } from "./paint.js";

// Page toggles kept in the URL beside the settings: parameter → checkbox id.
export const TOGGLES = { show_test: "show-test", discretize: "discretize", log_loss: "log-loss" };
// The page's own parameters, and the Lessons tab's (lesson, step, set.KEY): not Train settings.
const PAGE_PARAMS = ["tab", "model", "lesson", "step", ...Object.keys(TOGGLES)];
const pageParam = (name) => PAGE_PARAMS.includes(name) || name.startsWith("set.");
let form, options;

export function initSettings(given, onChange, onToggle) {
  form = document.getElementById("settings");
  options = given;
  fill("dataset", options.datasets);
  fill("activation", options.activations);
  fill("loss", options.losses);
  fill("optimizer", options.optimizers);
  fill("regularization", options.regularizations);
  const features = document.getElementById("features");
  for (const [name, label] of Object.entries(options.features)) {
    const item = document.createElement("label");
    item.innerHTML = `<input type="checkbox" name="feature"> <span></span>`;
    item.querySelector("input").value = name;
    item.querySelector("span").textContent = label;
    features.append(item);
  }
  thumbnails();
  form.addEventListener("input", (event) => {
    showOutputs();
    if (event.target.type !== "file") onChange();
  });
  for (const [param, id] of Object.entries(TOGGLES)) {
    document.getElementById(id).addEventListener("change", (event) => {
      setUrlParams({ [param]: event.target.checked ? 1 : null });
      onToggle();
    });
  }
}

function fill(name, values) {
  form.elements[name].replaceChildren(...values.map((value) => new Option(value.replaceAll("-", " "), value)));
}

function thumbnails() {
  const box = document.getElementById("thumbnails");
  for (const [name, points] of Object.entries(options.thumbnails)) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.dataset = name;
    button.title = name.replaceAll("-", " ");
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 48;
    const context = canvas.getContext("2d");
    context.fillStyle = "#f5f7f9";
    context.fillRect(0, 0, 48, 48);
    for (const [x, y, third] of points) {
      const [r, g, b] = options.regression.includes(name) ? diverging(third) : third ? [8, 119, 189] : [245, 147, 34];
      context.fillStyle = `rgb(${r},${g},${b})`;
      context.fillRect(24 + x * 21 - 1.5, 24 - y * 21 - 1.5, 3, 3);
    }
    button.append(canvas);
    button.addEventListener("click", () => {
      form.elements.dataset.value = name;
      form.elements.dataset.dispatchEvent(new Event("input", { bubbles: true }));
    });
    box.append(button);
  }
}

// Show what depends on other settings: slider values, which fields apply, the dataset picture.
export function showOutputs() {
  for (const output of form.querySelectorAll("output")) output.textContent = output.previousElementSibling.value;
  const dataset = form.elements.dataset.value;
  const csv = dataset === "csv";
  document.getElementById("csv-label").hidden = !csv;
  form.elements.points.disabled = csv; // an uploaded file brings its own points
  form.elements.noise.disabled = csv;
  const regression = options.regression.includes(dataset);
  if (regression) form.elements.loss.value = "squared-error"; // the only loss for values
  form.elements.loss.disabled = regression;
  const none = form.elements.regularization.value === "none";
  if (none) form.elements.weight_decay.value = "0";
  form.elements.weight_decay.disabled = none;
  for (const button of document.querySelectorAll("#thumbnails button")) {
    button.setAttribute("aria-pressed", String(button.dataset.dataset === dataset));
  }
}

export function settings() {
  const values = {};
  for (const name of Object.keys(options.defaults)) {
    values[name] = name === "features"
      ? [...form.querySelectorAll("input[name=feature]:checked")].map((box) => box.value).join(",")
      : form.elements[name].value;
  }
  return values;
}

export function fillForm(config) {
  for (const [name, value] of Object.entries(config)) {
    if (name === "features") {
      const chosen = String(value).split(",");
      for (const box of form.querySelectorAll("input[name=feature]")) box.checked = chosen.includes(box.value);
    } else {
      form.elements[name].value = value;
    }
  }
  showOutputs();
}

export const toggle = (param) => document.getElementById(TOGGLES[param]).checked;

// The link's settings, checked by the server: the good ones fill the form, each bad one
// (with the page's own parameters' problems, `more`) is named with its value and rule.
export async function loadLink(more = []) {
  const params = urlParams();
  const given = Object.fromEntries([...params].filter(([name]) => !pageParam(name)));
  const { config, problems } = await api("/api/playground/check", { method: "POST", body: given });
  fillForm(config);
  const lines = [...more, ...Object.values(problems)];
  for (const param of Object.keys(TOGGLES)) {
    const value = params.get(param);
    if (value === null) continue;
    if (["1", "0", "true", "false"].includes(value)) {
      document.getElementById(TOGGLES[param]).checked = value === "1" || value === "true";
    } else {
      lines.push(`${param}: '${value}' is not allowed (1 or 0)`);
      setUrlParams({ [param]: null });
    }
  }
  // The address now says what the page shows: bad values replaced, unknown ones gone.
  setUrlParams(Object.fromEntries(Object.keys(problems).map((name) => [name, name in config ? config[name] : null])));
  return lines;
}

// The +/- buttons: one more or one fewer hidden layer, or neuron in a layer.
export function changeHidden(change) {
  const field = form.elements.hidden;
  const sizes = field.value.split(",").map((part) => part.trim()).filter(Boolean).map(Number);
  const changed = change(sizes);
  if (!changed) return;
  field.value = changed.join(",");
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

export function toggleFeature(name) {
  const box = form.querySelector(`input[name=feature][value="${name}"]`);
  box.checked = !box.checked;
  box.dispatchEvent(new Event("input", { bubbles: true }));
}
