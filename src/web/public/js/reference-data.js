/** Reference data fetched once per page load: the workflow definition and the organisations. */
import { getJson } from './api.js';

const WORKFLOW = 'andringsbegaran';
let workflowPromise = null;
let organisationsPromise = null;

export function loadWorkflow() {
  if (!workflowPromise) {
    workflowPromise = getJson(`/api/workflows/${WORKFLOW}`).catch((err) => {
      workflowPromise = null;
      throw err;
    });
  }
  return workflowPromise;
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
  workflowPromise = null;
  organisationsPromise = null;
}

export function organisationName(orgs, id) {
  const org = orgs.find((o) => o.id === id);
  return org ? org.name : id;
}

/** Label of a state value: "dialogue", "dialogue.open" or { dialogue: "open" }. */
export function stateLabel(definition, value) {
  if (value === null || value === undefined) return '';
  let path = [];
  if (typeof value === 'string') {
    let parsed = value;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = value;
    }
    if (typeof parsed === 'string') path = parsed.split('.');
    else return stateLabel(definition, parsed);
  } else if (typeof value === 'object') {
    let v = value;
    while (v && typeof v === 'object') {
      const key = Object.keys(v)[0];
      if (key === undefined) break;
      path.push(key);
      v = v[key];
    }
    if (typeof v === 'string') path.push(v);
  }
  const labels = [];
  let states = definition?.states || {};
  for (const name of path) {
    const s = states[name];
    labels.push(s?.label || name);
    states = s?.states || {};
  }
  return labels.join(' – ');
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
