// A lesson's inputs as fields: a text box (what you type is sent as typed, so the server
// can say what is wrong with it) and a slider for each number, grouped by input, with a
// message beside each field: red for a refused value, amber for advice.

function decimals(step) {
  const text = String(step);
  return text.includes("e-") ? Number(text.split("e-")[1]) : (text.split(".")[1] || "").length;
}

export function defaultText(field) {
  return field.default === null ? "" : String(field.default);
}

function sliderLimits(input) {
  const low = input.open_low ? input.low + input.step : input.low;
  return [low, input.high];
}

function fieldRow(input, field, onChange) {
  const row = document.createElement("div");
  row.className = "field";
  row.dataset.key = field.key;
  const id = `field-${field.key}`;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = field.label;
  const text = document.createElement("input");
  Object.assign(text, { id, type: "text", inputMode: "decimal", autocomplete: "off", spellcheck: false });
  text.className = "field-text";
  text.name = field.key;
  text.placeholder = input.optional ? "none" : "";
  text.setAttribute("aria-describedby", `message-${field.key}`);
  const slider = document.createElement("input");
  const [low, high] = sliderLimits(input);
  Object.assign(slider, { type: "range", min: String(low), max: String(high), step: String(input.step) });
  slider.className = "field-slider";
  slider.setAttribute("aria-label", `${field.label} (slider)`);
  const message = document.createElement("p");
  message.className = "field-message";
  message.id = `message-${field.key}`;
  message.setAttribute("aria-live", "polite");
  const places = decimals(input.step);
  slider.addEventListener("input", () => {
    text.value = String(Number(Number(slider.value).toFixed(places)));
    onChange(field.key, text.value, "slider");
  });
  text.addEventListener("input", () => {
    const number = Number(text.value);
    if (text.value.trim() !== "" && Number.isFinite(number)) slider.value = String(number);
    onChange(field.key, text.value, "text");
  });
  text.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    const number = Number(text.value === "" ? low : text.value);
    if (!Number.isFinite(number)) return;
    event.preventDefault();
    const next = number + (event.key === "ArrowUp" ? input.step : -input.step);
    text.value = String(Number(next.toFixed(places)));
    slider.value = text.value;
    onChange(field.key, text.value, "slider");
  });
  const controls = document.createElement("div");
  controls.className = "field-controls";
  controls.append(text, slider);
  row.append(label, controls, message);
  return row;
}

// The form for ``inputs`` (the server's description); ``onChange(key, text, how)``.
export function buildInputs(form, inputs, onChange) {
  const groups = inputs.map((input) => {
    const group = document.createElement("fieldset");
    group.className = "input-group";
    group.dataset.input = input.name;
    const legend = document.createElement("legend");
    legend.textContent = input.label;
    group.append(legend);
    const allowed = document.createElement("p");
    allowed.className = "help";
    allowed.textContent = [input.help, `allowed: ${input.allowed}`].filter(Boolean).join("; ");
    group.append(allowed);
    const fields = document.createElement("div");
    fields.className = input.shape.length === 2 ? `fields matrix columns-${input.shape[1]}` : "fields";
    for (const field of input.fields) fields.append(fieldRow(input, field, onChange));
    group.append(fields);
    return group;
  });
  form.querySelector(".input-groups").replaceChildren(...groups);
}

export function setTexts(form, texts) {
  for (const [key, value] of Object.entries(texts)) {
    const text = form.querySelector(`#${CSS.escape(`field-${key}`)}`);
    if (!text) continue;
    text.value = value;
    const slider = text.parentElement.querySelector(".field-slider");
    const number = Number(value);
    if (value.trim() !== "" && Number.isFinite(number)) slider.value = String(number);
  }
}

// Red messages for refused values, amber for advice; every other field is cleared.
export function showMessages(form, refused, advice) {
  for (const row of form.querySelectorAll(".field")) {
    const key = row.dataset.key;
    const message = row.querySelector(".field-message");
    const text = row.querySelector(".field-text");
    const problem = refused[key], hint = advice[key];
    row.classList.toggle("refused", Boolean(problem));
    row.classList.toggle("advised", !problem && Boolean(hint));
    text.setAttribute("aria-invalid", problem ? "true" : "false");
    message.textContent = problem ? `Not used: ${problem}` : hint ? `Note: ${hint}` : "";
  }
}
