// The Lessons tab: the eleven worked examples, each a page at its own URL
// (?tab=lessons&lesson=NAME&step=K&set.KEY=VALUE). Every number on the page comes from the
// Python lesson through the API; the page only sends the inputs and shows the answer.

import { setUrlParams, urlParams } from "./api.js";
import { buildInputs, defaultText, setTexts, showMessages } from "./lesson_inputs.js";
import { drawFigure, listSteps, pageMarkup } from "./lesson_page.js";

const SET = "set.";
let index = null;
let page = null; // the open lesson: its description, texts, answer and step

const box = () => document.getElementById("lessons-box");
const $ = (selector) => box().querySelector(selector);

async function getJson(path, options) {
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  return { ok: response.ok, status: response.status, data };
}

export async function showLessons() {
  if (!index) index = (await getJson("/api/lessons")).data.lessons;
  const name = urlParams().get("lesson");
  if (name && index.some((lesson) => lesson.name === name)) await openLesson(name);
  else showIndex();
}

function showIndex() {
  page = null;
  setUrlParams({ lesson: null, step: null, ...clearedSets() });
  const list = document.createElement("ol");
  list.className = "lesson-list";
  for (const lesson of index) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `?tab=lessons&lesson=${lesson.name}`;
    link.dataset.lesson = lesson.name;
    link.innerHTML = `<span class="lesson-number">${lesson.number}</span><strong></strong><span class="summary"></span><span class="source"></span>`;
    link.querySelector("strong").textContent = lesson.name;
    link.querySelector(".summary").textContent = lesson.summary;
    link.querySelector(".source").textContent = `${lesson.document} · ${lesson.section}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.pushState(null, "", link.href);
      openLesson(lesson.name);
    });
    item.append(link);
    list.append(item);
  }
  const heading = document.createElement("h2");
  heading.textContent = "Lessons: every worked example of the documents, live";
  const intro = document.createElement("p");
  intro.className = "intro";
  intro.textContent = "Open a lesson, change any of its numbers and watch every number that follows from them change; step through it with a class. The numbers are computed by the same Python code that `glassnet lesson NAME` prints.";
  box().replaceChildren(heading, intro, list);
  box().dataset.state = "index";
}

function clearedSets() {
  const cleared = {};
  for (const key of urlParams().keys()) if (key.startsWith(SET)) cleared[key] = null;
  return cleared;
}

async function openLesson(name) {
  const described = await getJson(`/api/lessons/${name}`);
  const description = described.data;
  const texts = {};
  for (const input of description.inputs) for (const field of input.fields) texts[field.key] = defaultText(field);
  const given = urlParams();
  for (const key of Object.keys(texts)) if (given.has(SET + key)) texts[key] = given.get(SET + key);
  const step = Math.max(0, Number.parseInt(given.get("step") || "0", 10) || 0);
  page = { name, description, texts, step, answer: null, drawn: [], seq: 0, job: null, runs: 0 };
  box().replaceChildren(pageMarkup(description));
  box().dataset.state = "loading";
  const form = $(".lesson-inputs");
  buildInputs(form, description.inputs, changed);
  setTexts(form, texts);
  wire();
  if (description.background) {
    if (description.data_missing) {
      showStatus(description.data_note, "refused");
      box().dataset.state = "missing";
    }
    else await runJob();
  } else {
    await runNow();
  }
}

function changedTexts() {
  const changed = {};
  for (const input of page.description.inputs) {
    for (const field of input.fields) {
      if (page.texts[field.key] !== defaultText(field)) changed[field.key] = page.texts[field.key];
    }
  }
  return changed;
}

function saveUrl() {
  const changed = changedTexts();
  const sets = clearedSets();
  for (const [key, value] of Object.entries(changed)) sets[SET + key] = value;
  setUrlParams({ tab: "lessons", lesson: page.name, step: page.step || null, ...sets });
}

let timer = null;
function changed(key, text, how) {
  page.texts[key] = text;
  saveUrl();
  clearTimeout(timer);
  if (page.description.background) {
    showStatus("Inputs changed: press Run to train with them.", "changed");
    return;
  }
  timer = setTimeout(runNow, how === "slider" ? 120 : 350);
}

function showStatus(text, kind = "") {
  const status = $(".lesson-status");
  status.textContent = text;
  status.dataset.kind = kind;
  status.hidden = !text;
}

async function runNow() {
  const seq = ++page.seq;
  const query = new URLSearchParams(changedTexts()).toString();
  const reply = await getJson(`/api/lessons/${page.name}/run${query ? `?${query}` : ""}`);
  if (!page || seq !== page.seq) return;
  if (reply.ok) accept(reply.data);
  else refuse(reply.data);
}

function refuse(data) {
  showMessages($(".lesson-inputs"), data.fields || {}, {});
  $(".lesson-body").classList.toggle("stale", Boolean(page.answer));
  showStatus(
    page.answer
      ? `Not recomputed: ${data.error}. The numbers below are for the last inputs that worked.`
      : `No numbers yet: ${data.error}`,
    "refused",
  );
  box().dataset.state = "refused";
}

function accept(answer) {
  page.answer = answer;
  page.runs += 1;
  showMessages($(".lesson-inputs"), {}, answer.advice || {});
  $(".lesson-body").classList.remove("stale");
  showStatus("");
  $(".lesson-steps").replaceChildren(...listSteps(answer.steps));
  const notes = $(".lesson-notes");
  notes.replaceChildren(...answer.notes.map((note) => Object.assign(document.createElement("li"), { textContent: `note: ${note}` })));
  notes.hidden = !answer.notes.length;
  $(".lesson-text").textContent = answer.text;
  drawAll();
  if (page.step > answer.steps.length) page.step = 0;
  goTo(page.step);
  box().dataset.state = "ready";
  box().dataset.runs = String(page.runs);
}

function drawAll() {
  const figures = $(".lesson-figures");
  const holders = page.answer.figures.map((spec) => {
    const holder = document.createElement("div");
    holder.className = `figure-holder ${spec.kind}${spec.wide ? " wide" : ""}`;
    return holder;
  });
  figures.replaceChildren(...holders);
  page.drawn = page.answer.figures.map((spec, k) => {
    const drawn = drawFigure(spec, holders[k].clientWidth || 640, clickedChart);
    holders[k].append(drawn.element);
    return drawn;
  });
  figures.dataset.width = String(figures.clientWidth);
}

function clickedChart(keys, x, y) {
  const form = $(".lesson-inputs");
  const texts = { [keys.x]: x.toFixed(2), [keys.y]: y.toFixed(2) };
  setTexts(form, texts);
  Object.assign(page.texts, texts);
  saveUrl();
  runNow();
}

function goTo(step) {
  const steps = page.answer ? page.answer.steps : [];
  page.step = Math.max(0, Math.min(step, steps.length));
  const key = page.step ? steps[page.step - 1].key : null;
  for (const drawn of page.drawn) drawn.show(key);
  for (const item of box().querySelectorAll(".lesson-step")) {
    const current = item.dataset.key === key;
    item.classList.toggle("current", current);
    item.classList.toggle("dim", Boolean(key) && !current);
    if (current) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  $(".step-status").textContent = key ? `Step ${page.step} of ${steps.length}: ${steps[page.step - 1].title}` : `All ${steps.length} steps`;
  $('[data-go="previous"]').disabled = page.step <= 1;
  $('[data-go="next"]').disabled = page.step >= steps.length;
  box().dataset.step = String(page.step);
  saveUrl();
}

async function runJob() {
  const seq = ++page.seq;
  if (page.job) stopJob();
  showStatus("Starting…", "running");
  const reply = await getJson(`/api/lessons/${page.name}/jobs`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ inputs: changedTexts() }),
  });
  if (!page || seq !== page.seq) return;
  if (!reply.ok) return refuse(reply.data);
  page.job = reply.data.id;
  const bar = $(".run-progress");
  $('[data-run="stop"]').disabled = false;
  let status = reply.data;
  while (status.state === "running" && page && seq === page.seq) {
    bar.value = status.progress;
    showStatus(`Training: ${Math.round(status.progress * 100)}% (${status.detail})`, "running");
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = (await getJson(`/api/lessons/jobs/${status.id}`)).data;
  }
  if (!page || seq !== page.seq) return;
  $('[data-run="stop"]').disabled = true;
  page.job = null;
  bar.value = status.state === "done" ? 1 : bar.value;
  if (status.state === "done") accept(status.result);
  else if (status.state === "stopped") showStatus("Stopped. The numbers below are from the last run that finished.", "stopped");
  else showStatus(`The run failed: ${status.error}`, "refused");
}

function stopJob() {
  if (!page || !page.job) return;
  const id = page.job;
  page.job = null;
  fetch(`/api/lessons/jobs/${id}/stop`, { method: "POST" });
}

function wire() {
  $('[data-go="previous"]').addEventListener("click", () => goTo(page.step - 1));
  $('[data-go="next"]').addEventListener("click", () => goTo(page.step + 1));
  $('[data-go="all"]').addEventListener("click", () => goTo(0));
  $('[data-go="index"]').addEventListener("click", (event) => {
    event.preventDefault();
    stopJob();
    history.pushState(null, "", "?tab=lessons");
    showIndex();
  });
  $('[data-do="reset"]').addEventListener("click", () => {
    for (const input of page.description.inputs) for (const field of input.fields) page.texts[field.key] = defaultText(field);
    setTexts($(".lesson-inputs"), page.texts);
    saveUrl();
    if (page.description.background) runJob();
    else runNow();
  });
  $('[data-do="copy"]').addEventListener("click", async () => {
    const said = $(".copy-status");
    try {
      await navigator.clipboard.writeText(window.location.href);
      said.textContent = "Link copied.";
    } catch {
      said.textContent = window.location.href;
    }
  });
  const run = $('[data-run="run"]');
  if (run) {
    run.disabled = page.description.data_missing;
    run.addEventListener("click", () => runJob());
    $('[data-run="stop"]').addEventListener("click", () => {
      page.seq += 1;
      const id = page.job;
      page.job = null;
      $('[data-run="stop"]').disabled = true;
      if (id) fetch(`/api/lessons/jobs/${id}/stop`, { method: "POST" }).then(() => showStatus("Stopped. The numbers below are from the last run that finished.", "stopped"));
    });
  }
  new ResizeObserver(() => {
    const figures = $(".lesson-figures");
    if (!page || !page.answer || !figures) return;
    if (Math.abs(figures.clientWidth - Number(figures.dataset.width || 0)) > 40) {
      drawAll();
      goTo(page.step);
    }
  }).observe($(".lesson-figures"));
}

window.addEventListener("popstate", () => {
  if (urlParams().get("tab") === "lessons") showLessons();
});
