import { h, clear } from '../dom.js';
import { getJson, describeError } from '../api.js';
import { download } from '../download.js';
import { now } from '../clock.js';
import { formatDate, timeEl } from '../format.js';

const REASONS = {
  hash_mismatch: 'kontrollsumman stämmer inte med innehållet',
  broken_link: 'länken till föregående post är bruten',
  gap: 'en post saknas i följden',
};

export async function auditPage(ctx) {
  ctx.setTitle('Revision');
  const result = h('div', { id: 'verify-result', class: 'verify-result', role: 'status', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'button' }, 'Verifiera beslutshistoriken');
  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    clear(result).append(h('p', {}, 'Verifierar …'));
    try {
      const r = await getJson('/api/audit/verify');
      const ranAt = now().toISOString();
      const ran = h('p', { class: 'verify-time', 'data-testid': 'verify-time' }, 'Verifieringen kördes ', timeEl(ranAt), '.');
      clear(result);
      if (r.ok) {
        result.className = 'verify-result notice notice-success';
        result.append(
          h('p', { 'data-testid': 'verify-ok' }, h('strong', {}, 'Beslutshistoriken är obruten.'), ` ${r.entries} poster är kontrollerade.`),
          h('p', { class: 'hash' }, 'Senaste kontrollsumma: ', h('code', {}, r.head || '')),
          ran,
        );
      } else {
        result.className = 'verify-result notice notice-error';
        const f = r.failure || {};
        result.append(
          h('p', { 'data-testid': 'verify-failed' }, h('strong', {}, `Kontrollen misslyckades vid post ${f.seq ?? '?'}`), `: ${REASONS[f.reason] || f.reason || 'okänt fel'}.`),
          f.message ? h('p', {}, `Serverns besked: ${f.message}`) : null,
          h('p', {}, `Poster: ${r.entries ?? '?'}.`),
          ran,
        );
      }
    } catch (err) {
      result.className = 'verify-result notice notice-error';
      clear(result).append(h('p', {}, describeError(err)));
    } finally {
      verifyButton.disabled = false;
    }
  });

  const exportStatus = h('p', { class: 'hint', role: 'status' });
  const exportButton = (format, label, mime) => {
    const b = h('button', { type: 'button', class: 'button button-secondary', 'data-format': format }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      exportStatus.textContent = 'Hämtar export …';
      try {
        const stamp = formatDate(now().toISOString());
        await download(`/api/audit/export?format=${format}`, `beslutshistorik-${stamp}.${format}`, mime);
        exportStatus.textContent = `Exporten (${format.toUpperCase()}) är nedladdad.`;
      } catch (err) {
        exportStatus.textContent = `Exporten misslyckades. ${describeError(err)}`;
      } finally {
        b.disabled = false;
      }
    });
    return b;
  };

  return [
    h('h1', {}, 'Revision'),
    ctx.user.role !== 'auditor'
      ? h('div', { class: 'notice' }, h('p', {}, 'Verifiering och export är till för revisionen. Servern avgör om din roll får använda dem.'))
      : null,
    h('p', { class: 'lead' }, 'Varje registrerad händelse skrivs i en beslutshistorik där varje post bär en kontrollsumma över innehållet och föregående post. Verifieringen räknar om hela kedjan.'),
    h('section', { class: 'panel', 'aria-labelledby': 'verifiera' }, h('h2', { id: 'verifiera' }, 'Verifiera'), h('p', {}, verifyButton), result),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'exportera' },
      h('h2', { id: 'exportera' }, 'Exportera'),
      h('p', {}, 'Hela beslutshistoriken som JSON Lines (en post per rad) eller CSV.'),
      h('div', { class: 'form-actions' }, exportButton('jsonl', 'Exportera som JSON Lines', 'application/x-ndjson'), exportButton('csv', 'Exportera som CSV', 'text/csv')),
      exportStatus,
    ),
  ];
}
