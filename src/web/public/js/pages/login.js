import { h } from '../dom.js';
import { getJson, sendJson, describeError } from '../api.js';
import { setToken, setUser, signOut } from '../session.js';
import { roleLabel } from '../format.js';
import { resetReferenceData } from '../reference-data.js';

export async function loginPage(ctx) {
  ctx.setTitle('Logga in');
  const status = h('div', { class: 'notice notice-error', role: 'alert', hidden: true });
  const content = [h('h1', {}, 'Logga in')];
  if (ctx.query.utgangen) {
    content.push(h('div', { class: 'notice', role: 'status' }, h('p', {}, 'Inloggningen har gått ut eller är inte giltig. Logga in igen.')));
  } else if (ctx.flash) {
    content.push(h('div', { class: 'notice notice-success', role: 'status' }, h('p', {}, ctx.flash)));
  }
  content.push(
    h(
      'p',
      { class: 'lead' },
      'Det här är utvecklingsinloggningen. Välj vem du vill vara. I drift loggar du in via regionens inloggningstjänst.',
    ),
    status,
  );

  let users;
  try {
    users = await getJson('/api/auth/demo-users');
  } catch (err) {
    content.push(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, `Demoanvändarna kunde inte hämtas. ${describeError(err)}`)));
    return content;
  }

  const list = h('ul', { class: 'user-list', 'aria-label': 'Demoanvändare' });
  for (const user of users) {
    const button = h(
      'button',
      { type: 'button', class: 'user-choice', 'data-user-id': user.id },
      h('span', { class: 'user-choice-name' }, user.name),
      h('span', { class: 'user-choice-meta' }, [user.title, roleLabel(user.role)].filter(Boolean).join(' · ')),
      h('span', { class: 'user-choice-id' }, `Användar-id: ${user.id}`),
    );
    button.addEventListener('click', async () => {
      status.hidden = true;
      for (const b of list.querySelectorAll('button')) b.disabled = true;
      try {
        signOut();
        resetReferenceData();
        const { token } = await sendJson('/api/auth/dev-token', { userId: user.id });
        setToken(token);
        const me = await getJson('/api/me');
        setUser(me);
        // The day starts with what is waiting for one (Att göra); those who act in no workflow start on the list.
        const home = ['auditor', 'admin'].includes(me.role) ? '/' : '/att-gora';
        const target = typeof ctx.query.till === 'string' && ctx.query.till.startsWith('/') ? ctx.query.till : home;
        ctx.navigate(target, { flash: `Du är inloggad som ${me.name}, ${roleLabel(me.role)}.` });
      } catch (err) {
        signOut();
        status.textContent = `Inloggningen misslyckades. ${describeError(err)}`;
        status.hidden = false;
        for (const b of list.querySelectorAll('button')) b.disabled = false;
      }
    });
    list.append(h('li', {}, button));
  }
  content.push(list);
  return content;
}
