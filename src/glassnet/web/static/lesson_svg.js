// Shared by the lesson figures: SVG elements, the colour-blind-safe palette, markers,
// and the step highlighting (what a step reads and what it writes).

export const SVG = "http://www.w3.org/2000/svg";

// Okabe & Ito's palette: told apart by colour-blind readers; black stands in for yellow.
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#000000", "#555555"];
export const colour = (style) => PALETTE[style % PALETTE.length];

export function el(name, attributes = {}, text = "") {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  if (text) element.textContent = text;
  return element;
}

// A marker shape centred at (x, y): shape as well as colour tells the kinds apart.
export function marker(shape, x, y, size, fill) {
  const r = size / 2;
  const attributes = { fill, stroke: "#fff", "stroke-width": 1.2 };
  if (shape === "square") return el("rect", { ...attributes, x: x - r, y: y - r, width: size, height: size });
  if (shape === "triangle") return el("polygon", { ...attributes, points: `${x},${y - r * 1.2} ${x - r * 1.1},${y + r * 0.8} ${x + r * 1.1},${y + r * 0.8}` });
  if (shape === "diamond") return el("polygon", { ...attributes, points: `${x},${y - r * 1.3} ${x + r},${y} ${x},${y + r * 1.3} ${x - r},${y}` });
  if (shape === "cross") {
    return el("path", { d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`, stroke: fill, "stroke-width": 2.5, fill: "none" });
  }
  if (shape === "star") {
    const points = [];
    for (let k = 0; k < 10; k += 1) {
      const radius = k % 2 ? r * 0.5 : r * 1.4;
      const angle = (Math.PI / 5) * k - Math.PI / 2;
      points.push(`${(x + radius * Math.cos(angle)).toFixed(1)},${(y + radius * Math.sin(angle)).toFixed(1)}`);
    }
    return el("polygon", { fill, stroke: "#000", "stroke-width": 1, points: points.join(" ") });
  }
  return el("circle", { ...attributes, cx: x, cy: y, r });
}

// Mark the elements a step reads and writes; with no step, nothing is marked.
// A figure the step does not touch fades, so the eye goes to the one it does.
export function markStep(svg, stepSpec, key) {
  svg.closest("figure")?.classList.toggle("idle", Boolean(key) && !stepSpec);
  const reads = new Set(stepSpec ? stepSpec.reads : []);
  const writes = new Set(stepSpec ? stepSpec.writes : []);
  svg.classList.toggle("stepping", Boolean(stepSpec));
  for (const item of svg.querySelectorAll("[data-id]")) {
    const id = item.dataset.id;
    item.classList.toggle("writes", writes.has(id));
    item.classList.toggle("reads", reads.has(id) && !writes.has(id));
  }
}

// A figure's frame: title, the drawing, a caption and a legend below.
export function frame(spec) {
  const figure = document.createElement("figure");
  figure.className = `lesson-figure ${spec.kind}`;
  figure.dataset.figure = spec.id;
  const title = document.createElement("figcaption");
  title.className = "figure-title";
  title.textContent = spec.title;
  figure.append(title);
  return figure;
}

export function caption(figure, text) {
  if (!text) return;
  const note = document.createElement("p");
  note.className = "figure-caption";
  note.textContent = text;
  figure.append(note);
}
