// The Train tab: a preview of the settings (no session), a training session on the server
// once Start, Step or an edit asks for one, and its snapshots, asked for while it runs
// and the tab is in view. A session the server dropped is said so, and one click starts
// it again with the same settings.

import { api, setUrlParams, showError, urlParams } from "./api.js";
import { paintBoundary } from "./boundary.js";
import { buildNetwork, paintNetwork } from "./network.js";
import { lossChart } from "./paint.js";
import { changeHidden, initSettings, loadLink, settings, toggle, toggleFeature } from "./settings.js";

let described = null; // the server's description of the settings shown (preview or session)
let session = null; // the session's id, once there is one
let latest = null; // the newest snapshot
let version = -1;
let polling = false, timer = null, ticket = 0, invalid = false, csvText = null;
const element = (id) => document.getElementById(id);
const shown = () => !element("train").hidden && !document.hidden;

export async function initTrain(options, more) {
  initSettings(options, () => {
    clearTimeout(timer);
    timer = setTimeout(settingsChanged, 300);
  }, redraw);
  element("csv").addEventListener("change", readCsv);
  element("play").addEventListener("click", () => (session && latest.running ? control("pause") : run("start")));
  element("step").addEventListener("click", () => run("step"));
  element("reset").addEventListener("click", () => (session ? control("reset") : preview()));
  element("restart").addEventListener("click", () => create("start"));
  element("share").addEventListener("click", share);
  element("add-layer").addEventListener("click", () => changeHidden((s) => (s.length < 6 ? [...s, s.at(-1) || 4] : null)));
  element("remove-layer").addEventListener("click", () => changeHidden((s) => (s.length ? s.slice(0, -1) : null)));
  document.addEventListener("visibilitychange", () => poll());
  window.addEventListener("resize", redraw);
  return loadLink(more);
}

// The Train tab was opened: preview the settings, or draw what we have and follow it.
export function trainShown() {
  if (!described && !invalid) settingsChanged();
  redraw();
  poll();
}

const handlers = {
  toggleFeature,
  addNeuron: (layer, change) => changeHidden((s) => s.map((n, i) => (i === layer - 1 ? n + change : n))),
  edit: async (change) => {
    if (!session && !(await create(null))) return;
    control("edit", change);
  },
};

function body(extra = {}) {
  const values = settings();
  return values.dataset === "csv" ? { ...values, csv: csvText, ...extra } : { ...values, ...extra };
}

async function readCsv(event) {
  const file = event.target.files[0];
  if (!file) return;
  csvText = await file.text();
  settingsChanged();
}

// Settings edited: check them; while any is bad nothing trains (a running session pauses).
async function settingsChanged() {
  const mine = ++ticket;
  const values = settings();
  let problems;
  try {
    ({ problems } = await api("/api/playground/check", { method: "POST", body: values }));
  } catch (error) {
    showError(error.message);
    return;
  }
  if (mine !== ticket) return;
  for (const field of element("settings").querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
  const names = Object.keys(problems);
  invalid = names.length > 0 || (values.dataset === "csv" && csvText === null);
  const banner = element("settings-problems");
  banner.hidden = !invalid;
  buttons();
  if (invalid) {
    for (const name of names) element("settings").elements[name]?.setAttribute("aria-invalid", "true");
    const lines = names.length ? Object.values(problems) : ["Choose a CSV file with columns x, y, label for the csv dataset."];
    banner.textContent = `Training waits until this is fixed: ${lines.join("; ")}`;
    if (session && latest.running) await control("pause");
    buttons();
    return;
  }
  setUrlParams({ ...values, tab: urlParams().get("tab") || "train" });
  const running = session && latest.running;
  discard();
  if (running) await create("start");
  else await preview();
}

function discard() {
  if (session) api(`/api/playground/${session}`, { method: "DELETE" }).catch(() => {});
  session = null;
}

async function preview() {
  if (invalid) return;
  const mine = ++ticket;
  try {
    const answer = await api("/api/playground/preview", { method: "POST", body: body() });
    if (mine !== ticket) return;
    described = answer;
    show(answer.snapshot);
  } catch (error) {
    if (mine === ticket) showError(error.message);
  }
}

async function run(action) {
  if (invalid) return;
  if (session) await control(action);
  else await create(action);
}

// A new session for the settings shown, started or stepped at once (or idle, for an edit).
async function create(action) {
  const mine = ++ticket;
  try {
    const answer = await api("/api/playground", { method: "POST", body: body(action ? { action } : {}) });
    if (mine !== ticket) {
      api(`/api/playground/${answer.id}`, { method: "DELETE" }).catch(() => {});
      return false;
    }
    discard();
    session = answer.id;
    described = answer;
    version = -1;
    element("session-lost").hidden = true;
    show(answer.snapshot);
    poll();
    return true;
  } catch (error) {
    showError(error.message);
    return false;
  }
}

async function control(action, change) {
  if (!session) return;
  const id = session;
  try {
    const path = `/api/playground/${id}/${action}`;
    const answer = await api(path, { method: "POST", ...(change ? { body: change } : {}) });
    if (id === session) show(answer.snapshot);
    poll();
  } catch (error) {
    if (error.status === 404 && id === session) lost();
    else showError(error.message);
  }
}

// Ask for newer snapshots while the session runs and the tab is in view; one request at a
// time, each answered within a second, so many tabs share the browser's connections.
async function poll() {
  if (polling) return;
  polling = true;
  let failures = 0;
  try {
    while (session && latest && latest.running && shown()) {
      const id = session;
      try {
        const answer = await api(`/api/playground/${id}/snapshot?after=${version}`);
        failures = 0;
        if (id !== session) continue;
        queue(answer.ahead);
        if (answer.snapshot) {
          version = answer.version;
          show(answer.snapshot);
        } else if (!answer.running) {
          latest.running = false; // stopped, and this page has its last snapshot already
        }
      } catch (error) {
        if (error.status === 404) {
          if (id === session) lost();
          break;
        }
        if ((failures += 1) > 5) {
          showError(`Lost touch with the server: ${error.message}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  } finally {
    polling = false;
    queue(null);
  }
}

function queue(ahead) {
  const box = element("queue");
  box.hidden = ahead === null || ahead === undefined;
  box.textContent = box.hidden ? "" : `waiting for a free worker (${ahead} ahead)`;
}

function lost() {
  session = null;
  if (latest) latest.running = false;
  element("session-lost").hidden = false;
  buttons();
}

function buttons() {
  element("train").dataset.session = session || "";
  element("play").textContent = session && latest && latest.running ? "Pause" : "Start";
  element("play").disabled = invalid;
  element("step").disabled = invalid;
}

async function share() {
  const button = element("share");
  try {
    await navigator.clipboard.writeText(window.location.href);
    button.textContent = "Link copied";
  } catch {
    button.textContent = "Copy it from the address bar";
  }
  setTimeout(() => { button.textContent = "Copy link"; }, 2000);
}

const STOPPED = {
  idle: "Paused: nobody was watching (the tab was hidden or in the background). Start goes on.",
  diverged: "Training diverged (the loss is not a number): lower the learning rate, then Reset.",
  finished: "Stopped after 100,000 epochs.",
};

function show(snapshot) {
  latest = snapshot;
  buttons();
  const stat = (id, value, text) => {
    element(id).textContent = text;
    element(id).dataset.value = value;
  };
  const loss = (value) => (value === null ? "diverged" : value.toFixed(4));
  stat("epoch", snapshot.epoch, snapshot.epoch.toLocaleString("en"));
  stat("train-loss", snapshot.train_loss, loss(snapshot.train_loss));
  stat("test-loss", snapshot.test_loss, loss(snapshot.test_loss));
  const accuracy = snapshot.test_accuracy;
  stat("test-accuracy", accuracy, accuracy === null ? "–" : `${(accuracy * 100).toFixed(1)}%`);
  const stopped = snapshot.diverged ? STOPPED.diverged : STOPPED[snapshot.stopped_because];
  const note = element("stopped");
  note.hidden = !stopped;
  note.textContent = stopped || "";
  redraw();
}

function redraw() {
  if (!described || !latest) return;
  const box = element("network");
  buildNetwork(box, described, handlers);
  element("layer-count").textContent = `${described.sizes.length - 2} hidden layer(s)`;
  if (box.clientWidth) paintNetwork(box, described, latest);
  paintBoundary(element("boundary"), described, latest, { showTest: toggle("show_test"), discretize: toggle("discretize") });
  const chart = element("loss-chart");
  if (chart.clientWidth) lossChart(chart, latest.history, { log: toggle("log_loss") });
}
