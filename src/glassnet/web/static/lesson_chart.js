// A lesson's chart: lines, markers, dividing lines through the origin and a height map,
// all with the numbers the server printed (ticks included). Steps show or mark series;
// the iris chart plays its line update by update; the descent surface takes a click.

import { caption, colour, el, frame, marker, markStep } from "./lesson_svg.js";

const MARGIN = { left: 58, right: 14, top: 12, bottom: 46 };
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

function viridis(t) {
  const position = Math.min(0.999, Math.max(0, t)) * (VIRIDIS.length - 1);
  const k = Math.floor(position), f = position - k;
  return VIRIDIS[k].map((c, i) => Math.round(c + (VIRIDIS[k + 1][i] - c) * f));
}

function heatImage(series) {
  const canvas = document.createElement("canvas");
  canvas.width = series.columns;
  canvas.height = series.rows;
  const context = canvas.getContext("2d");
  const image = context.createImageData(series.columns, series.rows);
  const bytes = Uint8Array.from(atob(series.data), (c) => c.charCodeAt(0));
  for (let row = 0; row < series.rows; row += 1) {
    for (let column = 0; column < series.columns; column += 1) {
      const [r, g, b] = viridis(bytes[row * series.columns + column] / 255);
      const at = ((series.rows - 1 - row) * series.columns + column) * 4; // row 0 is the lowest y
      image.data.set([r, g, b, 255], at);
    }
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

function pathData(points, scale) {
  let d = "", pen = false;
  for (const [x, y] of points) {
    if (x === null || y === null) { pen = false; continue; }
    d += `${pen ? "L" : "M"}${scale.x(x).toFixed(1)},${scale.y(y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

function drawSeries(series, scale) {
  const group = el("g", { class: `series ${series.type}`, "data-id": series.id });
  const stroke = colour(series.style ?? 7);
  if (series.type === "heat") {
    const [x0, x1] = [scale.x(scale.spec.x.min), scale.x(scale.spec.x.max)];
    const [y0, y1] = [scale.y(scale.spec.y.max), scale.y(scale.spec.y.min)];
    group.append(el("image", { href: heatImage(series), x: x0, y: y0, width: x1 - x0, height: y1 - y0, preserveAspectRatio: "none" }));
  } else if (series.type === "ray") {
    group.append(el("line", { class: "ray-line", stroke, "stroke-dasharray": series.dash ? "7 5" : null }));
    setRay(group, series.slope, scale);
  } else if (series.type === "points") {
    series.points.forEach(([x, y], k) => {
      if (x === null || y === null) return;
      group.append(marker(series.marker, scale.x(x), scale.y(y), 12, stroke));
      if (!series.names[k]) return;
      const left = series.place === "left" || scale.x(x) > scale.x(scale.spec.x.max) - 70;
      const at = left ? { x: scale.x(x) - 9, y: scale.y(y) + (series.place === "left" ? 16 : -8), "text-anchor": "end" } : { x: scale.x(x) + 9, y: scale.y(y) - 8 };
      group.append(el("text", { ...at, class: "point-name" }, series.names[k]));
    });
  } else {
    group.append(el("path", { d: pathData(series.points, scale), stroke, fill: "none", "stroke-dasharray": series.dash ? "7 5" : null, class: "series-line" }));
  }
  return group;
}

function setRay(group, slope, scale) {
  const { min, max } = scale.spec.x;
  const line = group.querySelector("line");
  line.setAttribute("x1", scale.x(min));
  line.setAttribute("y1", scale.y(slope * min));
  line.setAttribute("x2", scale.x(max));
  line.setAttribute("y2", scale.y(slope * max));
}

function axes(svg, spec, scale, width, height) {
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  for (const [value, text] of spec.x.ticks) {
    const x = scale.x(value);
    svg.append(el("line", { x1: x, x2: x, y1: plot.y, y2: plot.y + plot.h, class: "grid" }));
    svg.append(el("text", { x, y: plot.y + plot.h + 17, class: "tick middle" }, text));
  }
  for (const [value, text] of spec.y.ticks) {
    const y = scale.y(value);
    svg.append(el("line", { x1: plot.x, x2: plot.x + plot.w, y1: y, y2: y, class: "grid" }));
    svg.append(el("text", { x: plot.x - 6, y: y + 4, class: "tick end" }, text));
  }
  svg.append(el("rect", { x: plot.x, y: plot.y, width: plot.w, height: plot.h, class: "plot-frame" }));
  svg.append(el("text", { x: plot.x + plot.w / 2, y: height - 6, class: "axis-label middle" }, spec.x.label));
  svg.append(el("text", { x: 14, y: plot.y + plot.h / 2, class: "axis-label middle", transform: `rotate(-90 14 ${plot.y + plot.h / 2})` }, spec.y.label));
  return plot;
}

function legend(spec) {
  const list = document.createElement("ul");
  list.className = "legend";
  const entries = [...spec.series.filter((s) => s.legend !== false), ...(spec.key || []).map((k) => ({ ...k, id: "" }))];
  for (const series of entries) {
    const item = document.createElement("li");
    item.dataset.for = series.id;
    const swatch = el("svg", { viewBox: "0 0 28 14", width: 28, height: 14, "aria-hidden": "true" });
    if (series.type === "points") swatch.append(marker(series.marker, 14, 7, 10, colour(series.style)));
    else if (series.type === "heat") swatch.append(el("rect", { x: 0, y: 2, width: 28, height: 10, fill: "url(#heat-ramp)" }), ramp());
    else swatch.append(el("line", { x1: 1, y1: 7, x2: 27, y2: 7, stroke: colour(series.style ?? 7), "stroke-width": 3, "stroke-dasharray": series.dash ? "5 3" : null }));
    const label = document.createElement("span");
    label.textContent = series.type === "heat" ? `${series.label}: ${series.scale.join(" … ")}` : series.label;
    item.append(swatch, label);
    list.append(item);
  }
  return list;
}

function ramp() {
  const gradient = el("linearGradient", { id: "heat-ramp" });
  VIRIDIS.forEach((c, k) => gradient.append(el("stop", { offset: k / (VIRIDIS.length - 1), "stop-color": `rgb(${c.join(",")})` })));
  const defs = el("defs");
  defs.append(gradient);
  return defs;
}

// Play the learner's own descent one step after another, a moving head on the path.
function animate(group, series, scale) {
  const path = group.querySelector("path");
  const head = marker("circle", 0, 0, 12, colour(series.style));
  group.append(head);
  const points = series.points.filter(([x, y]) => x !== null && y !== null);
  const per = Math.max(1, Math.ceil(points.length / 120));
  let shown = 1;
  const tick = () => {
    shown = Math.min(points.length, shown + per);
    path.setAttribute("d", pathData(points.slice(0, shown), scale));
    const [x, y] = points[shown - 1];
    head.setAttribute("cx", scale.x(x));
    head.setAttribute("cy", scale.y(y));
    if (shown < points.length && group.isConnected) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function frameControls(spec, svg, scale) {
  const box = document.createElement("div");
  box.className = "frame-controls";
  const play = document.createElement("button");
  play.type = "button";
  play.textContent = "Play the updates";
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.setAttribute("aria-label", "update shown");
  const said = document.createElement("output");
  box.append(play, slider, said);
  const ray = svg.querySelector(`[data-id="${spec.frame_series}"]`);
  let frames = spec.frames[spec.frame_default], timer = null;
  const showFrame = (k) => {
    slider.value = String(k);
    setRay(ray, frames.slopes[k], scale);
    const epoch = Math.ceil(k / frames.per_epoch);
    said.textContent = `${frames.label}, update ${k} of ${frames.slopes.length - 1} (epoch ${epoch}): A = ${frames.texts[k]}`;
  };
  const stop = () => { clearInterval(timer); timer = null; play.textContent = "Play the updates"; };
  slider.addEventListener("input", () => { stop(); showFrame(Number(slider.value)); });
  play.addEventListener("click", () => {
    if (timer) return stop();
    let k = Number(slider.value) >= frames.slopes.length - 1 ? 0 : Number(slider.value);
    const per = Math.max(1, Math.round(frames.per_epoch / 25));
    play.textContent = "Pause";
    timer = setInterval(() => {
      k = Math.min(frames.slopes.length - 1, k + per);
      showFrame(k);
      if (k >= frames.slopes.length - 1 || !box.isConnected) stop();
    }, 40);
  });
  const choose = (key) => {
    stop();
    frames = spec.frames[key] || spec.frames[spec.frame_default];
    slider.max = String(frames.slopes.length - 1);
    showFrame(frames.slopes.length - 1);
  };
  choose(spec.frame_default);
  return { box, choose };
}

export function drawChart(spec, available, onClick) {
  const figure = frame(spec);
  const width = Math.max(300, Math.min(available, 760));
  const height = Math.round(Math.max(250, width * 0.55));
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": spec.title, class: "chart-drawing" });
  svg.style.maxWidth = `${width}px`;
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const scale = {
    spec,
    x: (x) => MARGIN.left + ((x - spec.x.min) / (spec.x.max - spec.x.min)) * plotW,
    y: (y) => MARGIN.top + (1 - (y - spec.y.min) / (spec.y.max - spec.y.min)) * plotH,
  };
  const clip = `clip-${spec.id}`;
  const defs = el("defs");
  const clipPath = el("clipPath", { id: clip });
  clipPath.append(el("rect", { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH }));
  defs.append(clipPath);
  svg.append(defs);
  const heat = spec.series.filter((s) => s.type === "heat").map((s) => drawSeries(s, scale));
  const area = el("g", { "clip-path": `url(#${clip})` });
  area.append(...heat);
  axes(svg, spec, scale, width, height);
  for (const series of spec.series.filter((s) => s.type !== "heat")) {
    const group = drawSeries(series, scale);
    area.append(group);
    if (series.animate) animate(group, series, scale);
  }
  svg.append(area);
  figure.append(svg);
  if (spec.click) {
    svg.classList.add("clickable");
    svg.addEventListener("click", (event) => {
      const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
      const x = spec.x.min + ((point.x - MARGIN.left) / plotW) * (spec.x.max - spec.x.min);
      const y = spec.y.min + (1 - (point.y - MARGIN.top) / plotH) * (spec.y.max - spec.y.min);
      if (x >= spec.x.min && x <= spec.x.max && y >= spec.y.min && y <= spec.y.max) onClick(spec.click, x, y);
    });
  }
  const frames = spec.frames ? frameControls(spec, svg, scale) : null;
  if (frames) figure.append(frames.box);
  figure.append(legend(spec));
  caption(figure, spec.caption);
  const scoped = new Set(Object.values(spec.steps).flatMap((s) => s.show || []));
  const show = (key) => {
    const step = key ? spec.steps[key] : null;
    const list = step && step.show ? step.show : spec.initial;
    for (const group of svg.querySelectorAll(".series")) {
      const id = group.dataset.id;
      const hide = scoped.has(id) && list !== null && list !== undefined && !list.includes(id);
      group.style.display = hide ? "none" : "";
      const item = figure.querySelector(`.legend [data-for="${CSS.escape(id)}"]`);
      if (item) item.hidden = hide;
    }
    markStep(svg, step, key);
    if (frames) frames.choose(key);
  };
  return { element: figure, show };
}
