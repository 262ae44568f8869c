/** Reference data fetched once per page load: workflow definitions, diagrams and the organisations. */
import { getJson, getText } from './api.js';

export const DEFAULT_WORKFLOW = 'andringsbegaran';
const workflowPromises = new Map();
const diagramPromises = new Map();
let workflowListPromise = null;
let organisationsPromise = null;

function once(cache, key, load) {
  if (!cache.has(key)) {
    cache.set(
      key,
      load().catch((err) => {
        cache.delete(key);
        throw err;
      }),
    );
  }
  return cache.get(key);
}

/** { definition, mermaid } of one workflow (the change-request workflow by default). */
export function loadWorkflow(name = DEFAULT_WORKFLOW) {
  return once(workflowPromises, name, () => getJson(`/api/workflows/${encodeURIComponent(name)}`));
}

/** The workflow drawn as SVG text by the server. */
export function loadDiagram(name = DEFAULT_WORKFLOW) {
  return once(diagramPromises, name, () => getText(`/api/workflows/${encodeURIComponent(name)}/diagram.svg`, 'image/svg+xml'));
}

/** [{ id, version, title, description }] of the loaded workflow definitions. */
export function loadWorkflowList() {
  if (!workflowListPromise) {
    workflowListPromise = getJson('/api/workflows').catch((err) => {
      workflowListPromise = null;
      throw err;
    });
  }
  return workflowListPromise;
}

export function loadOrganisations() {
  if (!organisationsPromise) {
    organisationsPromise = getJson('/api/organisations')
      .then((list) => (Array.isArray(list) ? list : list?.items || []))
      .catch((err) => {
        organisationsPromise = null;
        throw err;
      });
  }
  return organisationsPromise;
}

export function resetReferenceData() {
  workflowPromises.clear();
  diagramPromises.clear();
  workflowListPromise = null;
  organisationsPromise = null;
}

export function organisationName(orgs, id) {
  const org = orgs.find((o) => o.id === id);
  return org ? org.name : id;
}

/** State path of a value: "dialogue", "dialogue.open", { dialogue: "open" } or its JSON text. */
export function statePath(value) {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') {
    let parsed = value;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = value;
    }
    return typeof parsed === 'string' ? parsed.split('.') : statePath(parsed);
  }
  const path = [];
  let v = value;
  while (v && typeof v === 'object') {
    const key = Object.keys(v)[0];
    if (key === undefined) break;
    path.push(key);
    v = v[key];
  }
  if (typeof v === 'string') path.push(v);
  return path;
}

/**
 * Label of a state value: the label of the deepest state ("Inväntar komplettering", not
 * "Dialog – Inväntar komplettering"), as the API's stateLabel and the reports say it.
 */
export function stateLabel(definition, value) {
  const path = statePath(value);
  let states = definition?.states || {};
  let label = '';
  for (const name of path) {
    const s = states[name];
    label = s?.label || name;
    states = s?.states || {};
  }
  return label;
}

/** Whether a (top-level) state is final in the definition (type "final"). */
export function isFinalState(definition, value) {
  const path = statePath(value);
  let states = definition?.states || {};
  let state = null;
  for (const name of path) {
    state = states[name];
    states = state?.states || {};
  }
  return state?.type === 'final';
}

/**
 * Organisations that can be requesting parties, grouped by kommunalförbund:
 * [{ group: org|null, members: org[] }]. Tolerant of the exact `kind` names.
 */
export function requesterGroups(orgs, allowedIds) {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const isMunicipality = (o) => /munic/i.test(o.kind || '');
  const isFederation = (o) => /forbund|förbund/i.test(o.kind || '');
  const groups = new Map();
  for (const o of orgs) {
    if (!isMunicipality(o) || isFederation(o)) continue;
    const parent = o.parentId && byId.get(o.parentId);
    const key = parent ? parent.id : '';
    if (!groups.has(key)) groups.set(key, { group: parent || null, members: [] });
    groups.get(key).members.push(o);
  }
  for (const o of orgs) {
    if (isFederation(o) && !groups.has(o.id)) {
      groups.set(o.id, { group: o, members: [] });
    }
  }
  const sv = (a, b) => a.localeCompare(b, 'sv');
  let result = [...groups.values()];
  for (const g of result) g.members.sort((a, b) => sv(a.name, b.name));
  result.sort((a, b) => sv(a.group?.name || 'ö', b.group?.name || 'ö'));
  if (allowedIds) {
    const allowed = new Set(allowedIds);
    result = result
      .map((g) => ({
        group: g.group && allowed.has(g.group.id) ? g.group : null,
        label: g.group?.name,
        members: g.members.filter((m) => allowed.has(m.id)),
      }))
      .filter((g) => g.group || g.members.length);
  }
  return result.map((g) => ({ ...g, label: g.label || g.group?.name || 'Övriga' }));
}
