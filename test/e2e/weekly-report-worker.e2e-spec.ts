import { execFileSync } from 'node:child_process';
import { AuditService } from '../../src/audit/audit.service';
import { ChangeRequestReader } from '../../src/change-requests/change-request-reader';
import { Clock } from '../../src/clock/clock';
import { Database } from '../../src/database/database';
import { OrganisationsService } from '../../src/organisations/organisations.service';
import { parseIsoWeek, renderWeeklyReport, type ReportFormat } from '../../src/reports/renderers';
import { WeeklyReportReader } from '../../src/reports/weekly-report-input';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * The weekly Regional rapport is read and rendered in the low-priority long-read worker process,
 * not on the server's event loop (issue 10): what it serves is byte for byte what reading and
 * rendering in-process gives for the same data and moment; a worker that dies fails the report
 * it was making and nothing else, and the next report is made by a new worker; every instance on
 * one database serves the same report.
 */

// Each worker started here (under ts-node) takes several seconds to be ready on a busy machine.
jest.setTimeout(120_000);

const WEEK = '2024-W42';
/** A whole minute inside the week: the report shows the minute it was compiled, no finer. */
const NOW = '2024-10-16T08:00:00.000Z';

/** The long-read worker processes this (test) process started, by pid. */
function workers(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('audit-worker'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('weekly report in the long-read worker (e2e)', () => {
  let t: TestApp;
  let other: TestApp | undefined;
  let call: ReturnType<typeof api>;

  /** The report as served, with the clock put back at NOW first so both reads name the same moment. */
  const served = async (format: ReportFormat, app: TestApp = t) => {
    await app.app.get(Clock).set(new Date(NOW));
    return (await api(app).get('vgr.handlaggare', `/api/reports/weekly?week=${WEEK}&format=${format}`).expect(200)).text;
  };

  beforeAll(async () => {
    t = await createTestApp({ clockAt: NOW, config: { clockControl: true } });
    call = api(t);
    for (let i = 0; i < 3; i++) {
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Begäran ${i + 1}` }).expect(201)).body.id;
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      if (i > 0) await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
    }
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it.each(['md', 'html'] as const)('serves in %s byte for byte what reading and rendering in-process gives', async (format) => {
    const body = await served(format);
    const period = parseIsoWeek(WEEK)!;
    const reader = new WeeklyReportReader({
      requests: t.app.get(ChangeRequestReader),
      organisations: t.app.get(OrganisationsService),
      audit: t.app.get(AuditService),
    });
    const input = await t.app.get(Database).read(({ sql }) => reader.read(sql, WEEK, period, new Date(NOW)));
    expect(input.received).toHaveLength(3);
    expect(body).toBe(renderWeeklyReport(input, format));
  });

  it('a worker that dies fails only the report it was making; the next report comes from a new worker', async () => {
    const before = await served('md');
    const [pid] = workers();
    expect(pid).toBeGreaterThan(0);
    // Paused, the worker takes the job and cannot answer; then it dies with the job in hand.
    process.kill(pid, 'SIGSTOP');
    await t.app.get(Clock).set(new Date(NOW));
    const failing = call.get('vgr.handlaggare', `/api/reports/weekly?week=${WEEK}&format=md`).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(pid, 'SIGKILL');
    const failed = await failing;
    expect(failed.status).toBe(500);
    expect(failed.text).not.toContain('worker');

    // Other requests never depended on it, and the next report is whole and the same.
    await call.get('vgr.handlaggare', '/api/change-requests').expect(200);
    expect(await served('md')).toBe(before);
    const [next] = workers().filter((p) => p !== pid);
    expect(next).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('a worker that dies during a list CSV export cuts that download off; the next export is whole', async () => {
    const whole = (await call.get('vgr.handlaggare', '/api/change-requests?format=csv').expect(200)).text;
    expect(whole.trim().split('\n')).toHaveLength(4);
    const [pid] = workers();
    process.kill(pid, 'SIGSTOP');
    const failing = call
      .get('vgr.handlaggare', '/api/change-requests?format=csv')
      .then((res) => ({ status: res.status, text: res.text }), (error: Error) => ({ status: 0, text: error.message }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(pid, 'SIGKILL');
    const failed = await failing;
    // Never a complete-looking file: an error status, or the connection cut before the end.
    expect(failed.status === 200 && failed.text === whole).toBe(false);
    // The list documents no 500 (an unexpected failure); it is the one answer off the contract.
    expect(t.contractViolations().map((v) => `${v.method} ${v.path} ${v.status}`)).toEqual(failed.status === 500 ? ['get /api/change-requests 500'] : []);
    expect((await call.get('vgr.handlaggare', '/api/change-requests?format=csv').expect(200)).text).toBe(whole);
  });

  it('a second instance on the same database serves the same report from a worker of its own', async () => {
    other = await createTestApp({ databaseUrl: t.databaseUrl, schema: t.schema, clockAt: NOW, config: { clockControl: true } });
    const mine = await served('html');
    expect(await served('html', other)).toBe(mine);
    expect(workers().length).toBeGreaterThanOrEqual(2);
  });
});
