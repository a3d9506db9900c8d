// The parts of a lesson page: its frame (stepper, inputs, figures, steps), the steps with
// their printed values, and the figures by kind.

import { drawChart } from "./lesson_chart.js";
import { drawNetwork } from "./lesson_network.js";
import { frame } from "./lesson_svg.js";

function node(tag, className = "", text = "") {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}

function button(label, data, primary = false) {
  const element = node("button", primary ? "primary" : "", label);
  element.type = "button";
  const [key, value] = data;
  element.dataset[key] = value;
  return element;
}

export function pageMarkup(description) {
  const article = node("article", "lesson-page");
  article.dataset.lesson = description.name;
  const back = node("a", "back-link", "← All lessons");
  back.href = "?tab=lessons";
  back.dataset.go = "index";
  const heading = node("h2", "", `${description.number}. ${description.name}: ${description.summary}`);
  const source = node("p", "source", `${description.document}, ${description.section}`);
  const stepper = node("div", "stepper");
  stepper.setAttribute("role", "group");
  stepper.setAttribute("aria-label", "Step through the lesson");
  const status = node("p", "step-status");
  status.setAttribute("aria-live", "polite");
  stepper.append(
    button("◀ Previous step", ["go", "previous"]),
    button("Next step ▶", ["go", "next"], true),
    button("Show all steps", ["go", "all"]),
    status,
  );
  const key = node("p", "highlight-key");
  key.innerHTML = '<span class="key-reads">dashed blue: what the step reads</span> <span class="key-writes">thick orange: what it writes</span>';
  const parts = [back, heading, source, stepper, key];
  if (description.data_note) parts.push(node("p", `data-note${description.data_missing ? " missing" : ""}`, description.data_note));
  if (description.background) {
    const run = node("div", "run-box");
    const progress = node("progress", "run-progress");
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute("aria-label", "training progress");
    const stop = button("Stop", ["run", "stop"]);
    stop.disabled = true;
    run.append(button("Run", ["run", "run"], true), stop, progress);
    parts.push(run);
  }
  for (const link of description.see_also) {
    const anchor = node("a", "see-also", link.label);
    anchor.href = `?tab=${link.tab}`;
    parts.push(node("p", "see-also-line"));
    parts.at(-1).append(anchor);
  }
  const statusLine = node("p", "lesson-status");
  statusLine.setAttribute("role", "status");
  statusLine.hidden = true;
  parts.push(statusLine);
  const form = node("form", "lesson-inputs");
  form.setAttribute("aria-label", "Inputs of the worked example");
  form.addEventListener("submit", (event) => event.preventDefault());
  const actions = node("div", "input-actions");
  const copied = node("span", "copy-status");
  copied.setAttribute("aria-live", "polite");
  actions.append(button("Back to the document's numbers", ["do", "reset"]), button("Copy link", ["do", "copy"]), copied);
  form.append(node("h3", "", "Inputs"), actions, node("div", "input-groups"));
  const results = node("div", "lesson-results");
  const steps = node("ol", "lesson-steps");
  const notes = node("ul", "lesson-notes");
  notes.hidden = true;
  const details = node("details", "lesson-cli");
  details.append(node("summary", "", `As \`glassnet lesson ${description.name}\` prints it`), node("pre", "lesson-text"));
  results.append(steps, notes, details);
  const body = node("div", "lesson-body");
  body.append(form, node("div", "lesson-figures"), results);
  article.append(...parts, body);
  return article;
}

function value(item) {
  const row = node("div", "value");
  row.dataset.name = item.name;
  const term = node("dt", "", item.name);
  const detail = node("dd");
  if (item.table) {
    const table = node("table", "value-table");
    const head = node("tr");
    head.append(node("th", "", item.table.row_label), ...item.table.columns.map((c) => node("th", "", c)));
    table.append(head);
    item.table.rows.forEach((label, r) => {
      const line = node("tr");
      line.append(node("th", "", label), ...item.table.cells[r].map((c) => node("td", "", c)));
      table.append(line);
    });
    detail.append(table);
  } else {
    detail.append(node("output", item.text.includes("\n") ? "lines" : "", item.text));
  }
  row.append(term, detail);
  return row;
}

export function listSteps(steps) {
  return steps.map((step, k) => {
    const item = node("li", "lesson-step");
    item.dataset.key = step.key;
    const title = node("h3");
    title.append(node("span", "step-number", `${k + 1}.`), ` ${step.title}`);
    item.append(title, node("p", "step-text", step.text.replace(/\n/g, " ")));
    if (step.values.length) {
      const list = node("dl", "step-values");
      list.append(...step.values.map(value));
      item.append(list);
    }
    if (step.note) item.append(node("p", "step-note", `note: ${step.note}`));
    return item;
  });
}

function drawImages(spec) {
  const figure = frame(spec);
  const gallery = node("div", "image-gallery");
  for (const item of spec.items) {
    const holder = node("figure");
    const canvas = node("canvas");
    canvas.width = item.columns;
    canvas.height = item.rows;
    const context = canvas.getContext("2d");
    const image = context.createImageData(item.columns, item.rows);
    const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
    bytes.forEach((grey, k) => image.data.set([grey, grey, grey, 255], k * 4));
    context.putImageData(image, 0, 0);
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", item.label);
    holder.append(canvas, node("figcaption", "", item.label));
    gallery.append(holder);
  }
  figure.append(gallery);
  return { element: figure, show: () => {} };
}

export function drawFigure(spec, width, onClick) {
  if (spec.kind === "network") return drawNetwork(spec, width);
  if (spec.kind === "chart") return drawChart(spec, width, onClick);
  return drawImages(spec);
}
