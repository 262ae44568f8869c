import { h, clear } from './dom.js';
import { getJson, setUnauthorisedHandler, describeError, ApiError } from './api.js';
import { getToken, getUser, setUser, signOut } from './session.js';
import { roleLabel } from './format.js';
import { sameName } from './terms.js';
import { loadOrganisations, organisationName, resetReferenceData } from './reference-data.js';
import { loginPage } from './pages/login.js';
import { listPage } from './pages/list.js';
import { newRequestPage, editRequestPage } from './pages/request-form.js';
import { requestPage } from './pages/request.js';
import { workflowPage } from './pages/workflow.js';
import { rolloutPage } from './pages/rollout.js';
import { reportsPage } from './pages/reports.js';
import { auditPage } from './pages/audit.js';
import { usersPage, userFormPage } from './pages/users.js';
import { mailOutboxPage } from './pages/mail-outbox.js';
import { tasksPage } from './pages/tasks.js';
import { webhooksPage } from './pages/webhooks.js';
import { meetingsPage, meetingPage, protocolPage } from './pages/meetings.js';
import { notificationsPage, unreadCount } from './pages/notifications.js';

const APP_NAME = 'Ändringsbegäran';

const ROUTES = [
  { pattern: /^\/logga-in$/, page: loginPage, public: true },
  { pattern: /^\/?$/, page: listPage, nav: '/' },
  { pattern: /^\/att-gora$/, page: tasksPage, nav: '/att-gora' },
  { pattern: /^\/aviseringar$/, page: notificationsPage, nav: '/aviseringar' },
  { pattern: /^\/ny$/, page: newRequestPage, nav: '/ny' },
  { pattern: /^\/arende\/([^/]+)$/, page: requestPage, nav: '/' },
  { pattern: /^\/arende\/([^/]+)\/redigera$/, page: editRequestPage, nav: '/' },
  { pattern: /^\/arbetsflode$/, page: workflowPage, nav: '/arbetsflode' },
  { pattern: /^\/arbetsflode\/([^/]+)$/, page: workflowPage, nav: '/arbetsflode' },
  { pattern: /^\/utrullning$/, page: rolloutPage, nav: '/utrullning' },
  { pattern: /^\/rapporter$/, page: reportsPage, nav: '/rapporter' },
  { pattern: /^\/revision$/, page: auditPage, nav: '/revision' },
  { pattern: /^\/anvandare$/, page: usersPage, nav: '/anvandare' },
  { pattern: /^\/utskick$/, page: mailOutboxPage, nav: '/utskick' },
  { pattern: /^\/anvandare\/ny$/, page: (ctx) => userFormPage(ctx), nav: '/anvandare' },
  { pattern: /^\/anvandare\/([^/]+)$/, page: userFormPage, nav: '/anvandare' },
  { pattern: /^\/webhooks$/, page: webhooksPage, nav: '/webhooks' },
  { pattern: /^\/sammantraden$/, page: meetingsPage, nav: '/sammantraden' },
  { pattern: /^\/sammantraden\/([^/]+)$/, page: meetingPage, nav: '/sammantraden' },
  { pattern: /^\/sammantraden\/([^/]+)\/protokoll$/, page: protocolPage, nav: '/sammantraden' },
];

const NAV = [
  { path: '/att-gora', label: 'Att göra', roles: ['municipality', 'vastkom', 'vgr', 'steering_group', 'communications'] },
  { path: '/', label: 'Ändringsbegäranden' },
  { path: '/ny', label: 'Ny ändringsbegäran', roles: ['municipality', 'vastkom'] },
  { path: '/arbetsflode', label: 'Arbetsflöde' },
  { path: '/sammantraden', label: 'Sammanträden', roles: ['vgr', 'steering_group', 'vastkom', 'auditor'] },
  { path: '/utrullning', label: 'Utrullningsplan' },
  { path: '/rapporter', label: 'Rapporter', roles: ['municipality', 'vastkom', 'vgr', 'steering_group', 'communications', 'auditor'] },
  { path: '/revision', label: 'Revision', roles: ['auditor'] },
  { path: '/aviseringar', label: 'Aviseringar', roles: ['municipality', 'vastkom', 'vgr', 'steering_group', 'communications'], unread: true },
  { path: '/anvandare', label: 'Användare', roles: ['admin'] },
  { path: '/utskick', label: 'Utskick', roles: ['admin'] },
  { path: '/webhooks', label: 'Webhooks', roles: ['admin'] },
];

const main = document.getElementById('main');
let renderSeq = 0;
let firstRender = true;
let pendingFlash = null;

export function announce(message) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  window.setTimeout(() => {
    el.textContent = message;
  }, 50);
}

export function navigate(path, { flash } = {}) {
  pendingFlash = flash || null;
  const target = `#${path}`;
  if (location.hash === target) route();
  else location.hash = target;
}

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, qs = ''] = raw.split('?');
  return { path: decodeURI(path), query: Object.fromEntries(new URLSearchParams(qs)) };
}

function setTitle(text) {
  document.title = text ? `${text} – ${APP_NAME}` : APP_NAME;
}

async function renderUserInfo(user) {
  const box = document.getElementById('user-info');
  clear(box);
  const nav = document.getElementById('site-nav');
  if (!user) {
    nav.hidden = true;
    return;
  }
  let orgName = user.organisationName || user.organisationId;
  if (!user.organisationName) {
    try {
      orgName = organisationName(await loadOrganisations(), user.organisationId);
    } catch {
      /* organisation names are a nicety here */
    }
  }
  box.append(
    h(
      'p',
      { class: 'signed-in', id: 'signed-in' },
      'Inloggad som ',
      h('strong', { 'data-testid': 'user-name' }, user.name),
      h('span', { class: 'user-role', 'data-testid': 'user-role' }, roleLabel(user.role)),
      orgName && !sameName(orgName, roleLabel(user.role)) ? h('span', { class: 'user-org' }, orgName) : null,
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button button-small button-inverse',
        onclick: () => {
          signOut();
          resetReferenceData();
          navigate('/logga-in', { flash: 'Du är utloggad.' });
        },
      },
      'Logga ut',
    ),
  );
  nav.hidden = false;
}

function renderNav(user, currentNav) {
  const list = document.getElementById('nav-list');
  clear(list);
  for (const item of NAV) {
    if (item.roles && !item.roles.includes(user?.role)) continue;
    const a = h('a', { href: `#${item.path}` }, item.label);
    if (item.path === currentNav) a.setAttribute('aria-current', 'page');
    list.append(h('li', {}, a));
    // The unread count comes after the menu is drawn; the page does not wait for it.
    if (item.unread) {
      unreadCount().then((n) => {
        if (!n) return;
        a.append(' ', h('span', { class: 'nav-count', 'data-testid': 'unread-count' }, String(n), h('span', { class: 'visually-hidden' }, ' olästa')));
      });
    }
  }
}

async function ensureUser() {
  if (getUser()) return getUser();
  const me = await getJson('/api/me');
  setUser(me);
  return me;
}

async function route() {
  const seq = ++renderSeq;
  const { path, query } = parseHash();
  const match = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).find((x) => x.m);
  const flash = pendingFlash;
  pendingFlash = null;

  let user = null;
  if (!match || !match.r.public) {
    if (!getToken()) {
      const back = path && path !== '/' && path !== '/logga-in' ? path : '';
      navigate(`/logga-in${back ? `?till=${encodeURIComponent(back)}` : ''}`);
      return;
    }
    try {
      user = await ensureUser();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      showPageError(err);
      return;
    }
  } else if (getToken()) {
    user = getUser();
  }
  if (seq !== renderSeq) return;
  await renderUserInfo(user);
  renderNav(user, match?.r.nav);

  const ctx = {
    user,
    query,
    flash,
    setTitle,
    navigate,
    announce,
    isCurrent: () => seq === renderSeq,
    reload: (opts = {}) => navigate(path + (Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''), opts),
  };
  let content;
  try {
    if (!match) {
      setTitle('Sidan finns inte');
      content = [
        h('h1', {}, 'Sidan finns inte'),
        h('p', {}, 'Adressen leder inte till någon sida. '),
        h('p', {}, h('a', { href: '#/' }, 'Gå till listan över ändringsbegäranden')),
      ];
    } else {
      content = await match.r.page(ctx, ...match.m.slice(1).map(decodeURIComponent));
    }
  } catch (err) {
    if (seq !== renderSeq) return;
    if (err instanceof ApiError && err.status === 401) return;
    showPageError(err);
    return;
  }
  if (seq !== renderSeq) return;
  // A page may leave optional parts out as null; append() would print them as "null".
  clear(main).append(...[content].flat(Infinity).filter((part) => part !== null && part !== undefined && part !== false));
  main.setAttribute('data-page', match ? match.r.nav || 'login' : 'not-found');
  rendered();
  if (!firstRender) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }
  firstRender = false;
  if (flash) announce(flash);
}

function showPageError(err) {
  setTitle('Fel');
  clear(main).append(
    h('h1', {}, 'Något gick fel'),
    h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, describeError(err))),
    h('p', {}, h('a', { href: '#/' }, 'Till listan över ändringsbegäranden')),
  );
  main.setAttribute('data-page', 'error');
  rendered();
}

/** Marks the end of a render: not busy any more, and a counter that tests and tools can wait on. */
function rendered() {
  main.setAttribute('aria-busy', 'false');
  main.dataset.render = String(Number(main.dataset.render || 0) + 1);
}

setUnauthorisedHandler(() => {
  setUser(null);
  navigate('/logga-in?utgangen=1');
});

document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
});

window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) {
    main.setAttribute('aria-busy', 'true');
    route();
  }
});
route();
