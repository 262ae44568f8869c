/**
 * The product's clock as the server last told it (GET /api/me answers with `now`), so the
 * current week and the stamps in the pages follow the server's clock — a moved test clock too —
 * rather than the browser's.
 */
let offsetMs = 0;

export function learnServerNow(iso) {
  const at = Date.parse(iso);
  if (Number.isFinite(at)) offsetMs = at - Date.now();
}

export function now() {
  return new Date(Date.now() + offsetMs);
}
