// Pictures from numbers: colour scales, byte images from the server, a small line chart.

const ORANGE = [245, 147, 34];
const WHITE = [240, 242, 244];
const BLUE = [8, 119, 189];
const RED = [200, 40, 40];
const NAVY = [30, 60, 160];
export const PALETTE = ["#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

function mix(a, b, t) {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
}

// t in [-1, 1]: orange (negative, class 0) through white to blue (positive, class 1).
export function diverging(t, negative = ORANGE, positive = BLUE) {
  const clamped = Math.max(-1, Math.min(1, t));
  return clamped < 0 ? mix(WHITE, negative, -clamped) : mix(WHITE, positive, clamped);
}

export const weightColour = (t) => diverging(t, NAVY, RED);

// The colour scale of a layer's outputs over its real range, zero always white: tanh
// [-1, 1]; sigmoid [0, 1] and ReLU [0, largest] white to blue, never orange; other
// activations ± their largest size. A sigmoid output is P(class 1): orange 0, blue 1.
export function activationScale(activation, maps, { output = false, regression = false } = {}) {
  const largest = Math.max(1e-9, ...maps.flatMap((m) => [Math.abs(m.low), Math.abs(m.high)]));
  if (output && activation === "sigmoid") {
    return { low: 0, middle: 0.5, high: 1, name: "P(class 1)", colour: (v) => diverging(2 * v - 1) };
  }
  if (regression && output) return { low: -1, middle: 0, high: 1, name: "value", colour: (v) => diverging(v) };
  if (activation === "tanh") return { low: -1, middle: 0, high: 1, name: "tanh", colour: (v) => diverging(v) };
  if (activation === "sigmoid" || activation === "softmax") {
    return { low: 0, high: 1, name: activation, colour: (v) => diverging(v) };
  }
  if (activation === "relu") return { low: 0, high: largest, name: "relu", colour: (v) => diverging(v / largest) };
  return { low: -largest, middle: 0, high: largest, name: activation, colour: (v) => diverging(v / largest) };
}

export function bytesFromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

// Paint values (row-major, `width` per row) onto a canvas of that size, one pixel each.
export function paintValues(canvas, values, width, colour) {
  const height = Math.round(values.length / width);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  const image = context.createImageData(width, height);
  for (let i = 0; i < values.length; i += 1) {
    const [r, g, b] = colour(values[i], i);
    image.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

export function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

// A canvas sized for the device's pixels at its displayed size; returns its 2-D context.
export function sharpContext(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  return [context, canvas.clientWidth, canvas.clientHeight];
}

// Where the loss chart's grid lines go: linear thirds, or each power of ten on a log scale.
function lossTicks(lowest, highest, log) {
  if (!log) return [0, highest / 2, highest];
  const ticks = [];
  for (let power = Math.floor(Math.log10(lowest)); power <= Math.ceil(Math.log10(highest)); power += 1) ticks.push(10 ** power);
  return ticks.length > 6 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0) : ticks;
}

// Train and test loss per epoch: [[epoch, train, test], ...], on a log scale if asked.
export function lossChart(canvas, allHistory, { log = false } = {}) {
  const [context, width, height] = sharpContext(canvas);
  const history = allHistory.filter((row) => row[1] !== null && row[2] !== null && (!log || (row[1] > 0 && row[2] > 0)));
  context.clearRect(0, 0, width, height);
  canvas.dataset.scale = log ? "log" : "linear";
  if (!history.length) return;
  const left = 46, right = 10, top = 22, bottom = 34;
  context.font = "12px system-ui, sans-serif";
  const lastEpoch = Math.max(1, history[history.length - 1][0]);
  const losses = history.flatMap((row) => [row[1], row[2]]);
  const highest = Math.max(1e-9, ...losses);
  const lowest = log ? Math.min(highest / 10, ...losses) : 0;
  const ticks = lossTicks(lowest, highest, log);
  const [bottomValue, topValue] = log ? [Math.log10(ticks[0]), Math.log10(Math.max(highest, ticks[ticks.length - 1]))] : [0, highest];
  const scaled = (loss) => (log ? Math.log10(loss) : loss);
  const x = (epoch) => left + (epoch / lastEpoch) * (width - left - right);
  const y = (loss) => top + (1 - (scaled(loss) - bottomValue) / (topValue - bottomValue || 1)) * (height - top - bottom);
  context.strokeStyle = "#d8dde3";
  context.fillStyle = "#5b6776";
  context.lineWidth = 1;
  for (const value of ticks) {
    context.beginPath();
    context.moveTo(left, y(value));
    context.lineTo(width - right, y(value));
    context.stroke();
    context.textAlign = "right";
    context.fillText(value.toPrecision(2), left - 4, y(value) + 4);
  }
  context.textAlign = "center";
  context.fillText("0", x(0), height - bottom + 14);
  context.fillText(String(lastEpoch), x(lastEpoch) - 8, height - bottom + 14);
  context.fillText("epoch", (left + width - right) / 2, height - 4);
  context.save();
  context.translate(11, (top + height - bottom) / 2);
  context.rotate(-Math.PI / 2);
  context.fillText(log ? "loss (log)" : "loss", 0, 0);
  context.restore();
  const series = [[1, "#9aa5b1", "train"], [2, "#1d2733", "test"]];
  for (const [column, colour] of series) {
    context.strokeStyle = colour;
    context.lineWidth = 2;
    context.beginPath();
    history.forEach((row, i) => (i ? context.lineTo : context.moveTo).call(context, x(row[0]), y(row[column])));
    context.stroke();
  }
  context.textAlign = "left";
  let legend = left + 4;
  for (const [, colour, name] of series) {
    context.fillStyle = colour;
    context.fillRect(legend, 6, 14, 3);
    context.fillStyle = "#1d2733";
    context.fillText(name, legend + 18, 12);
    legend += 70;
  }
}
