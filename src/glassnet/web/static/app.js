// The page: four tabs (Draw, Inside, Train, Lessons); the open tab and the model are in the URL.
// Draw and Inside keep no request open; the Train tab asks for snapshots only while its
// session runs and the tab is in view.

import { api, setUrlParams, showError, showLinkProblems, urlParams } from "./api.js";
import { initDraw, setDrawModel } from "./draw.js";
import { showInside } from "./inside.js";
import { showLessons } from "./lessons.js";
import { initTrain, trainShown } from "./train.js";

const TABS = ["draw", "inside", "train", "lessons"];
const model = () => urlParams().get("model") || "";

function openTab(name) {
  for (const tab of TABS) {
    document.getElementById(`tab-${tab}`).setAttribute("aria-selected", String(tab === name));
    document.getElementById(tab).hidden = tab !== name;
  }
  setUrlParams({ tab: name });
  if (name === "inside") showInside(model());
  if (name === "train") trainShown();
  if (name === "lessons") showLessons();
}

async function loadModels() {
  try {
    const { default: first, models, refused } = await api("/api/models");
    const names = [first.name, ...models.filter((name) => name !== first.name)];
    if (model() && !names.includes(model())) {
      showLinkProblems([`model: '${model()}' is not a model in the models folder (the startup model is shown)`]);
      setUrlParams({ model: null });
    }
    for (const select of document.querySelectorAll(".model-select")) {
      select.replaceChildren(...names.map((name, i) => new Option(name, i ? name : "")));
      select.value = names.includes(model()) ? model() : "";
      select.addEventListener("change", () => chooseModel(select.value));
    }
    const described = first.test_accuracy == null ? "" : `, test accuracy ${(first.test_accuracy * 100).toFixed(1)}%`;
    const left = refused.length ? ` Not offered: ${refused.map((file) => `${file.name} (${file.reason})`).join("; ")}.` : "";
    document.getElementById("model-note").textContent =
      `Startup model: ${first.sizes.join("-")}${first.dataset ? ` trained on ${first.dataset}` : ""}${described}.${left}`;
  } catch (error) {
    showError(error.message);
  }
}

function chooseModel(name) {
  setUrlParams({ model: name || null });
  for (const select of document.querySelectorAll(".model-select")) select.value = name;
  setDrawModel(name);
  if (urlParams().get("tab") === "inside") showInside(name);
}

for (const tab of TABS) {
  document.getElementById(`tab-${tab}`).addEventListener("click", () => openTab(tab));
}
const asked = urlParams().get("tab");
const problems = asked === null || TABS.includes(asked) ? [] : [`tab: '${asked}' is not allowed (one of ${TABS.join(", ")})`];
initDraw(model);
await loadModels();
try {
  showLinkProblems(await initTrain(await api("/api/playground/options"), problems));
} catch (error) {
  showError(error.message);
}
openTab(TABS.includes(asked) ? asked : "draw");
document.body.dataset.ready = "true";
