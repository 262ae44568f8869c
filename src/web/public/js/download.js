import { getBlob } from './api.js';

/** Fetches a file with the bearer token and hands it to the browser as a download. */
export async function download(path, filename, accept) {
  const blob = await getBlob(path, accept);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.className = 'visually-hidden';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}
