// The output over the plane (the decision boundary, or the predicted value) and the points.

import { PALETTE, bytesFromBase64, diverging, hexToRgb, sharpContext } from "./paint.js";

const BLUE = "#0877bd", ORANGE = "#f59322";

function outputMaps(snapshot) {
  return snapshot.maps[snapshot.maps.length - 1].map((map) => {
    const bytes = bytesFromBase64(map.data);
    return Float32Array.from(bytes, (b) => map.low + (b * (map.high - map.low)) / 255);
  });
}

// One pixel's colour. "Discretise" shows only the decision: the class, or the value's sign.
function pixelColour(outputs, i, described, discretize) {
  if (described.regression) {
    const value = outputs[0][i];
    return diverging(discretize ? Math.sign(value) * 0.8 : value);
  }
  if (outputs.length === 1) {
    const p = outputs[0][i];
    return diverging(discretize ? (p > 0.5 ? 0.8 : -0.8) : 2 * p - 1);
  }
  let best = 0;
  for (let k = 1; k < outputs.length; k += 1) if (outputs[k][i] > outputs[best][i]) best = k;
  const share = outputs[best][i] / outputs.reduce((sum, o) => sum + Math.max(o[i], 1e-9), 0);
  const strength = discretize ? 1 : Math.max(0, Math.min(1, (share - 1 / outputs.length) * outputs.length / (outputs.length - 1)));
  return hexToRgb(PALETTE[best % PALETTE.length]).map((c) => Math.round(240 + (c - 240) * strength * 0.8));
}

function pointColour(described, third) {
  if (described.regression) {
    const [r, g, b] = diverging(third);
    return `rgb(${r},${g},${b})`;
  }
  return described.class_names.length === 2 ? (third ? BLUE : ORANGE) : PALETTE[third % PALETTE.length];
}

export function paintBoundary(canvas, described, snapshot, { showTest = false, discretize = false } = {}) {
  const outputs = outputMaps(snapshot);
  const side = Math.round(Math.sqrt(outputs[0].length));
  const picture = new ImageData(side, side);
  for (let i = 0; i < side * side; i += 1) {
    picture.data.set([...pixelColour(outputs, i, described, discretize), 255], i * 4);
  }
  const small = new OffscreenCanvas(side, side);
  small.getContext("2d").putImageData(picture, 0, 0);
  canvas.dataset.epoch = snapshot.epoch;
  canvas.dataset.discretized = String(discretize);
  canvas.dataset.testShown = String(showTest);
  if (!canvas.clientWidth) return;
  const [context, width, height] = sharpContext(canvas);
  context.imageSmoothingEnabled = !discretize;
  context.drawImage(small, 0, 0, width, height);
  const extent = described.extent;
  const px = (x) => ((x + extent) / (2 * extent)) * width;
  const py = (y) => ((extent - y) / (2 * extent)) * height;
  const sets = showTest ? [[described.train, false], [described.test, true]] : [[described.train, false]];
  for (const [points, test] of sets) {
    for (const [x, y, third] of points) {
      context.beginPath();
      context.arc(px(x), py(y), 4, 0, 2 * Math.PI);
      context.fillStyle = pointColour(described, third);
      context.fill();
      context.lineWidth = test ? 1.5 : 1;
      context.strokeStyle = test ? "#111" : described.regression ? "#5b6776" : "#fff";
      context.stroke();
    }
  }
  axes(context, described.bounds, width, height, px, py);
}

function axes(context, bounds, width, height, px, py) {
  const [xLow, xHigh, yLow, yHigh] = bounds;
  const value = (t, low, high) => Number((low + ((t + 1) / 2) * (high - low)).toPrecision(3));
  context.font = "11px system-ui, sans-serif";
  context.fillStyle = "#1d2733";
  context.textAlign = "center";
  for (const t of [-1, 0, 1]) context.fillText(String(value(t, xLow, xHigh)), px(t), height - 4);
  context.textAlign = "left";
  for (const t of [-1, 0, 1]) context.fillText(String(value(t, yLow, yHigh)), 4, py(t) + 4);
  context.textAlign = "right";
  context.fillText("x₁ →", width - 4, height - 16);
  context.textAlign = "left";
  context.fillText("↑ x₂", 4, 12);
}
