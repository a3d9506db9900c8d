// Talking to the server: JSON in, JSON out, errors shown in one line at the top.

const message = () => document.getElementById("message");

export function showError(text) {
  const box = message();
  box.textContent = text;
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
  if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
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
