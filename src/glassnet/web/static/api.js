// Talking to the server: JSON in, JSON out, errors shown in one line at the top.

const message = () => document.getElementById("message");

export function showError(text) {
  const box = message();
  box.textContent = text;
  box.hidden = false;
}

// A link's problems, one line each, kept until the learner closes them (more may follow).
export function showLinkProblems(lines) {
  if (!lines.length) return;
  const box = document.getElementById("link-problems");
  const text = document.getElementById("link-problems-text");
  if (box.hidden) {
    text.replaceChildren("This link has values the page cannot use; it shows the defaults instead:", document.createElement("ul"));
    document.getElementById("link-problems-close").onclick = () => { box.hidden = true; };
  }
  text.querySelector("ul").append(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
  box.hidden = false;
}

export function clearError() {
  message().hidden = true;
}

export async function api(path, { method = "GET", body } = {}) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (!response.ok) {
    const error = new Error(data.error || `${response.status} ${response.statusText}`);
    error.status = response.status; // 404 on a session: it has ended
    throw error;
  }
  return data;
}

// The URL's query string holds the tab and every setting, so a link restores them.
export function urlParams() {
  return new URLSearchParams(window.location.search);
}

export function setUrlParams(changes) {
  const params = urlParams();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined) params.delete(key);
    else params.set(key, String(value));
  }
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}
