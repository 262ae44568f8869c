import { getToken, signOut } from './session.js';

/** An HTTP error from the API, with the parsed JSON body when there is one. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && typeof body.message === 'string' && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

let onUnauthorised = () => {};
export function setUnauthorisedHandler(handler) {
  onUnauthorised = handler;
}

async function request(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { message: 'network' });
  }
  if (!res.ok) {
    let errBody = {};
    try {
      errBody = await res.json();
    } catch {
      errBody = {};
    }
    if (res.status === 401 && token) {
      signOut();
      onUnauthorised();
    }
    throw new ApiError(res.status, errBody);
  }
  return res;
}

export async function getJson(path) {
  const res = await request(path);
  return res.status === 204 ? null : res.json();
}

export async function sendJson(path, body, method = 'POST') {
  const res = await request(path, { method, body });
  return res.status === 204 ? null : res.json();
}

export async function getText(path, accept = 'text/html') {
  const res = await request(path, { accept });
  return res.text();
}

export async function getBlob(path, accept = '*/*') {
  const res = await request(path, { accept });
  return res.blob();
}

/** Builds a query string from an object, skipping empty values. */
export function query(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') qs.set(key, String(value));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** Plain-Swedish explanation of an API error, for the given context. */
export function describeError(err, context = 'generic') {
  if (!(err instanceof ApiError)) {
    return 'Något gick fel i webbläsaren. Ladda om sidan och försök igen.';
  }
  switch (err.status) {
    case 0:
      return 'Det gick inte att nå servern. Kontrollera nätverksanslutningen och försök igen.';
    case 400:
      return 'Uppgifterna kunde inte tas emot. Rätta det som är markerat och försök igen.';
    case 401:
      return 'Du är inte inloggad, eller så har inloggningen gått ut. Logga in igen.';
    case 403:
      return context === 'event'
        ? 'Din roll får inte göra detta för den här ändringsbegäran.'
        : 'Du har inte behörighet till det här med din roll.';
    case 404:
      return context === 'request'
        ? 'Ändringsbegäran finns inte, eller så har du inte behörighet att se den.'
        : 'Det du söker finns inte, eller så har du inte behörighet att se det.';
    case 409:
      return 'Någon annan har hunnit ändra ändringsbegäran sedan du öppnade den, eller så är åtgärden inte längre möjlig i det läge den är nu. Det du skrev finns kvar.';
    case 413:
      return 'Det du skickade är för stort. Korta texten och försök igen.';
    default:
      return err.status >= 500
        ? 'Ett fel uppstod på servern. Försök igen om en stund.'
        : `Begäran kunde inte genomföras (felkod ${err.status}).`;
  }
}
