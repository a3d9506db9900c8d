// A lesson's network as the documents draw it: nodes with their values, links with their
// weights. Left to right on a wide screen, top to bottom on a phone. Nothing is computed
// here: every label arrives as text from the server.

import { caption, el, frame, markStep } from "./lesson_svg.js";

const LINE = 17; // px per text line in a node
const CHAR = 7.6; // px per character at the figure's font size

function linesOf(value) {
  return Array.isArray(value) ? value : [value];
}

// The widest text decides the node size, over the base labels and every step's.
function nodeSize(spec) {
  let chars = 4, lines = 1;
  for (const layer of spec.layers) {
    for (const node of layer.nodes) {
      chars = Math.max(chars, node.title.length * 0.85, ...node.lines.map((l) => l.length));
      lines = Math.max(lines, node.lines.length);
      for (const step of Object.values(spec.steps)) {
        const label = step.labels[node.id];
        if (label) {
          chars = Math.max(chars, ...linesOf(label).map((l) => l.length));
          lines = Math.max(lines, linesOf(label).length);
        }
      }
    }
  }
  return { width: Math.ceil(16 + chars * CHAR), height: 12 + LINE * (lines + 1) };
}

function layout(spec, available) {
  const size = nodeSize(spec);
  const counts = spec.layers.map((layer) => layer.nodes.length);
  const across = available >= 560;
  const positions = new Map();
  let width, height;
  if (across) {
    const room = (available - 16 - spec.layers.length * size.width) / Math.max(1, spec.layers.length - 1);
    const gap = Math.max(130, Math.min(260, room));
    const rowGap = Math.max(18, 44 - 4 * (Math.max(...counts) - 3)); // tall layers sit closer
    height = 34 + Math.max(...counts) * (size.height + rowGap);
    width = spec.layers.length * size.width + (spec.layers.length - 1) * gap;
    spec.layers.forEach((layer, column) => {
      const x = size.width / 2 + column * (size.width + gap);
      const top = 34 + (height - 34 - layer.nodes.length * (size.height + rowGap)) / 2 + rowGap / 2;
      layer.nodes.forEach((node, row) => positions.set(node.id, [x, top + row * (size.height + rowGap) + size.height / 2]));
    });
  } else {
    // Top to bottom: each link between two rows gets its own height for its label, so
    // the rows sit as far apart as their links need.
    const most = Math.max(...counts);
    const gap = Math.max(12, Math.min(180, (available - 16 - most * size.width) / Math.max(1, most)));
    const between = spec.layers.slice(1).map((_, r) => linksBetween(spec, r).length);
    width = Math.max(available - 16, ...counts.map((n) => n * size.width + (n - 1) * gap));
    let y = 30 + size.height / 2;
    spec.layers.forEach((layer, row) => {
      const span = layer.nodes.length * size.width + (layer.nodes.length - 1) * gap;
      layer.nodes.forEach((node, k) => positions.set(node.id, [(width - span) / 2 + size.width / 2 + k * (size.width + gap), y]));
      if (row < between.length) y += size.height + Math.max(110, 19 * between[row] + 30);
    });
    height = y + size.height / 2 + 4;
  }
  return { size, across, positions, width, height };
}

function linksBetween(spec, row) {
  const senders = new Set(spec.layers[row].nodes.map((n) => n.id));
  return spec.links.filter((link) => senders.has(link.from));
}

// Where along its link a weight is written. Left to right: staggered by the sending node,
// so labels of links that cross or meet sit apart. Top to bottom: every link of a row gap
// at its own height.
function labelPosition(link, spec, across) {
  const row = spec.layers.findIndex((l) => l.nodes.some((n) => n.id === link.from));
  if (!across) {
    const links = linksBetween(spec, row);
    return links.length < 2 ? 0.5 : 0.12 + (0.76 * links.indexOf(link)) / (links.length - 1);
  }
  const layer = spec.layers[row];
  const senders = layer.nodes.length, k = layer.nodes.findIndex((n) => n.id === link.from);
  return senders < 2 ? 0.72 : 0.26 + (0.48 * k) / (senders - 1);
}

function drawLink(link, spec, place) {
  const { size, across, positions } = place;
  const [sx, sy] = positions.get(link.from), [tx, ty] = positions.get(link.to);
  const [x1, y1, x2, y2] = across
    ? [sx + size.width / 2, sy, tx - size.width / 2, ty]
    : [sx, sy + size.height / 2, tx, ty - size.height / 2];
  const group = el("g", { class: "link", "data-id": link.id });
  const strength = link.weight === null ? 0 : Math.abs(link.weight) / spec.largest;
  group.append(el("line", {
    x1, y1, x2, y2,
    class: link.weight === null ? "plain" : link.weight < 0 ? "negative" : "positive",
    "stroke-width": (1.2 + 4 * strength).toFixed(2),
  }));
  const t = labelPosition(link, spec, across);
  let anchor = "middle", shift = 0;
  if (!across) { // top to bottom: write beside the line, on the side it leans to
    const leftish = x2 < x1 - 1 || (Math.abs(x2 - x1) <= 1 && x1 < place.width / 2);
    [anchor, shift] = leftish ? ["end", -5] : ["start", 5];
  }
  const label = el("text", {
    x: x1 + (x2 - x1) * t + shift, y: y1 + (y2 - y1) * t + 4, class: "link-label", "text-anchor": anchor,
    "data-label": link.id, "data-id": link.id,
  }, link.label);
  return [group, label];
}

function drawNode(node, place) {
  const { size, positions } = place;
  const [x, y] = positions.get(node.id);
  const group = el("g", { class: node.bias ? "node bias" : "node", "data-id": node.id });
  group.append(el("title", {}, node.title));
  group.append(el("rect", { x: x - size.width / 2, y: y - size.height / 2, width: size.width, height: size.height, rx: node.bias ? 2 : 12 }));
  group.append(el("text", { x, y: y - size.height / 2 + 16, class: "node-title" }, node.title));
  const top = y - size.height / 2 + 16 + LINE;
  const values = el("text", { x, class: "node-value", "data-lines": node.id, "data-top": top });
  group.append(values);
  setLines(values, node.lines);
  return group;
}

function setLines(text, lines) {
  const x = text.getAttribute("x"), top = Number(text.dataset.top);
  text.replaceChildren(...linesOf(lines).map((line, k) => el("tspan", { x, y: top + k * LINE }, line)));
}

// Draw ``spec`` to fit ``available`` pixels; ``show(stepKey)`` marks a step (or none).
export function drawNetwork(spec, available) {
  const figure = frame(spec);
  const place = layout(spec, available);
  const svg = el("svg", {
    viewBox: `-6 0 ${place.width + 12} ${place.height + 6}`,
    role: "img",
    "aria-label": spec.title,
    class: "network-drawing",
  });
  svg.style.maxWidth = `${place.width + 12}px`; // true size at most: never blown-up text
  if (place.across) {
    spec.layers.forEach((layer) => {
      const [x] = place.positions.get(layer.nodes[0].id);
      svg.append(el("text", { x, y: 16, class: "layer-name" }, layer.name));
    });
  } else {
    spec.layers.forEach((layer) => {
      const [, y] = place.positions.get(layer.nodes[0].id);
      svg.append(el("text", { x: 0, y: y - place.size.height / 2 - 8, class: "layer-name start" }, layer.name));
    });
  }
  const links = el("g"), labels = el("g"), nodes = el("g");
  for (const link of spec.links) {
    const [line, label] = drawLink(link, spec, place);
    links.append(line);
    labels.append(label); // above every line, so no line crosses a number
  }
  for (const layer of spec.layers) for (const node of layer.nodes) nodes.append(drawNode(node, place));
  svg.append(links, labels, nodes);
  figure.append(svg);
  caption(figure, spec.caption);
  const base = new Map();
  for (const layer of spec.layers) for (const node of layer.nodes) base.set(node.id, node.lines);
  for (const link of spec.links) base.set(link.id, link.label);
  const show = (key) => {
    const step = key ? spec.steps[key] : null;
    markStep(svg, step, key);
    for (const [id, label] of base) {
      const shown = step && step.labels[id] !== undefined ? step.labels[id] : label;
      const text = svg.querySelector(`[data-lines="${id}"]`);
      if (text) setLines(text, shown);
      const linkLabel = svg.querySelector(`[data-label="${id}"]`);
      if (linkLabel) linkLabel.textContent = linesOf(shown).join(" ");
    }
  };
  return { element: figure, show };
}
