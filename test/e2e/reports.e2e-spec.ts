import { randomUUID } from 'node:crypto';
import {
  escapeHtml,
  formatDate,
  formatShort,
  formatTime,
  isoWeekOf,
} from '../../src/reports/renderers';
import { api, expectNoLeak, SJUHARAD_DRAFT, SEED_CIRCUMSTANCES } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * The reports through HTTP on a real database: seed 002 is replayed (with only some communication
 * actions carried out at first), then the extrainsatt rapport and the weekly Regional rapport are
 * read back in both formats and checked section by section for the data that was entered.
 */

const ACK = 'Ändringsbegäran mottagen fredag 11 oktober.';
const REQUEST_INFO = 'Vilket datum planerar kommunerna för anslutning?';
const PROVIDE_INFO = 'Senare, datum ännu inte fastställt.';
const COMMENT = 'VästKom företräder kommunerna i dialogen.';
const IMPACT =
  'Tidplanen för VGR:s verksamheter påverkas inte. Befintlig lösning för samverkan används ytterligare en tid.';
const RATIONALE = 'Vi har respekt för kommunernas begäran; tidplanen för VGR påverkas inte.';
const MEETING = 'Programstyrgruppen 2024-10-11, § 4';
const PRESS_LINK = 'https://www.vgregion.se/pressmeddelande';
const SPOKESPERSON = {
  name: 'Karin Looström Muth',
  title: 'hälso- och sjukvårdsutvecklingsdirektör',
};
/** "Verksamhetens kommentar" of seed 002, one bullet per line. */
const BULLETS = [
  'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran. Överlag är VGR och kommunerna eniga om vägen framåt och har samsyn i värdet av att införa Millennium.',
  'Tidplanen för VGR:s verksamheter kommer inte att påverkas i och med begäran.',
  'VGR och kommunerna fortsätter att använda befintlig lösning när det gäller samverkan kring en patient inom primärvården och specialistvården där information delas med kommunerna.',
  'För invånare och patienter här och nu innebär det inte någon märkbar skillnad eftersom vi fortsätter som vi gjort tidigare. Ny och utökad funktionalitet kommer istället senare.',
];
/** Carried out before the first report; the other two stay planned. */
const DONE_FIRST = ['Mejlutskick program Millennium', 'Nyhetstext på Insidan', 'Pressmeddelande'];

const HOSTILE = '<script>alert(1)</script> a | b åäö ÅÄÖ';

const SECTIONS = [
  'Beskrivning av händelsen',
  'Kända omständigheter',
  'Beslut',
  'Kommunikativa åtgärder',
  'Verksamhetens kommentar',
  'Talespersoner VGR',
  'Om Regional rapport Millennium',
] as const;

const WEEKLY_SECTIONS = [
  'Mottagna ändringsbegäranden',
  'Beslutade',
  'Kommunicerade',
  'Öppna ärenden',
  'Kommunikativa åtgärder att genomföra',
  'Beslutshistorikens kontrollsumma',
] as const;

type Format = 'md' | 'html';

const heading = (format: Format, title: string, level = 2) =>
  format === 'md' ? `\n${'#'.repeat(level)} ${title}\n` : `>${title}</h${level}>`;

/** The text of one section: from its heading to the next heading of the same list (or the end). */
function sectionOf(doc: string, format: Format, titles: readonly string[], title: string): string {
  const i = titles.indexOf(title);
  const start = doc.indexOf(heading(format, title));
  expect(start).toBeGreaterThanOrEqual(0);
  const next = titles[i + 1];
  const end = next ? doc.indexOf(heading(format, next), start) : doc.length;
  expect(end).toBeGreaterThan(start);
  return doc.slice(start, end);
}

/** Raw text as it appears in the given format (the texts used here contain no Markdown specials). */
const shown = (format: Format, value: string) => (format === 'html' ? escapeHtml(value) : value);

const unescapedPipes = (line: string) => line.split(/(?<!\\)\|/).length - 1;

describe('reports (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let id: string;
  let reference: string;
  let hostileId: string;
  let hostileReference: string;
  let actions: {
    id: string;
    audience: string;
    channel: string;
    plannedAt: string | null;
    doneAt: string | null;
  }[];

  const report = (userId: string, path: string) => call.get(userId, path);
  const extra = (format: Format, userId = 'kommunikator', requestId = id) =>
    report(userId, `/api/reports/change-requests/${requestId}?format=${format}`).expect(200);
  const weekly = (format: Format, week = isoWeekOf(new Date()), userId = 'kommunikator') =>
    report(userId, `/api/reports/weekly?week=${week}&format=${format}`).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);

    // Seed 002, the same event sequence as seed-002-replay.e2e-spec.ts.
    id = (
      await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)
    ).body.id;
    reference = (
      await call
        .event('vastkom.handlaggare', id, { type: 'SUBMIT', expectedVersion: 1 })
        .expect(200)
    ).body.reference;
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: ACK }).expect(200);
    await call
      .event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: REQUEST_INFO })
      .expect(200);
    await call
      .event('sjuharad.handlaggare', id, { type: 'PROVIDE_INFO', text: PROVIDE_INFO })
      .expect(200);
    await call.event('vastkom.handlaggare', id, { type: 'COMMENT', text: COMMENT }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: IMPACT }).expect(200);
    await call.event('kommunikator', id, { type: 'WRITE_REPORT_NARRATIVE', text: SEED_CIRCUMSTANCES }).expect(200);
    const decided = await call
      .decide('styrgrupp.ordforande', id, {
        type: 'DECIDE',
        outcome: 'approved',
        rationale: RATIONALE,
        meetingReference: MEETING,
      })
      .expect(200);
    for (const action of decided.body.communicationActions as typeof actions) {
      if (!DONE_FIRST.includes(action.channel)) continue;
      await call
        .event('kommunikator', id, {
          type: 'RECORD_COMMUNICATION',
          actionId: action.id,
          ...(action.channel === 'Pressmeddelande' ? { link: PRESS_LINK } : {}),
        })
        .expect(200);
    }
    await call.event('kommunikator', id, { type: 'ADD_SPOKESPERSON', ...SPOKESPERSON }).expect(200);
    const last = await call
      .event('kommunikator', id, {
        type: 'RECORD_ORGANISATION_COMMENT',
        text: BULLETS.map((bullet) => `- ${bullet}`).join('\n'),
      })
      .expect(200);
    actions = last.body.communicationActions;

    // A request full of text that must not break either format.
    hostileId = (
      await call
        .post('sjuharad.handlaggare', '/api/change-requests', {
          ...SJUHARAD_DRAFT,
          title: HOSTILE,
          description: `Beskrivning: ${HOSTILE}`,
        })
        .expect(201)
    ).body.id;
    await call
      .event('sjuharad.handlaggare', hostileId, { type: 'COMMENT', text: `Kommentar: ${HOSTILE}` })
      .expect(200);
    hostileReference = (
      await call.event('vastkom.handlaggare', hostileId, { type: 'SUBMIT' }).expect(200)
    ).body.reference;
    await call.event('kommunikator', hostileId, { type: 'WRITE_REPORT_NARRATIVE', text: `Kommentar: ${HOSTILE}` }).expect(200);
  });
  afterAll(() => t?.close());

  describe('extrainsatt rapport', () => {
    it.each(['md', 'html'] as const)(
      'in %s holds every section of seed 002 with the data entered',
      async (format) => {
        const before = new Date();
        const res = await extra(format);
        const after = new Date();
        expect(res.headers['content-type']).toBe(
          format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
        );
        const doc = res.text;
        const section = (title: (typeof SECTIONS)[number]) =>
          sectionOf(doc, format, SECTIONS, title);
        const sub = (parent: string, title: string, next?: string) => {
          const start = parent.indexOf(heading(format, title, 3));
          expect(start).toBeGreaterThanOrEqual(0);
          return parent.slice(start, next ? parent.indexOf(heading(format, next, 3)) : undefined);
        };

        // Heading and facts: organisation names come from the organisations table.
        expect(doc).toContain(
          'Extrainsatt rapport med anledning av en ändringsbegäran från Sjuhärads kommunalförbund, via VästKom',
        );
        expect(doc).toContain(reference);
        const stamp = /Sammanställd: (\d{4}-\d{2}-\d{2}) klockan (\d{2}:\d{2})/.exec(doc);
        expect(stamp).not.toBeNull();
        expect([formatDate(before), formatDate(after)]).toContain(stamp![1]);
        // Europe/Stockholm wall-clock time, never UTC (which is one or two hours behind).
        expect([formatTime(before), formatTime(after)]).toContain(stamp![2]);

        const description = section('Beskrivning av händelsen');
        expect(description).toContain(shown(format, SJUHARAD_DRAFT.description));
        expect(description).toContain(shown(format, SJUHARAD_DRAFT.justification));

        // The situation as communications wrote it for the report, and the impact assessment;
        // the dialogue's log (times, names, internal notes) stays out of the management report.
        const circumstances = section('Kända omständigheter');
        for (const text of [...SEED_CIRCUMSTANCES.split('\n\n'), IMPACT]) expect(circumstances).toContain(shown(format, text));
        for (const text of [ACK, REQUEST_INFO, PROVIDE_INFO, COMMENT]) expect(doc).not.toContain(shown(format, text));
        // Actors with their organisations' names (the renderer's organisationNames option).
        expect(circumstances).toContain('Sofia Bergström (Västra Götalandsregionen, VGR)');
        expect(circumstances).toMatch(/Skriven av Johanna Åberg \(Koncernstab kommunikation/);

        const decision = section('Beslut');
        expect(decision).toContain('Godkänd');
        expect(decision).toContain(shown(format, RATIONALE));
        expect(decision).toContain(shown(format, MEETING));
        expect(decision).toContain('Lars Ekström');

        const communication = section('Kommunikativa åtgärder');
        const internal = sub(communication, 'Internt', 'Externt');
        const external = sub(communication, 'Externt');
        const line = (channel: string) => {
          const action = actions.find((a) => a.channel === channel)!;
          return action.doneAt
            ? `Genomförd ${formatShort(action.doneAt)} av Johanna Åberg: ${channel}`
            : `Planerad ${formatShort(action.plannedAt!)}: ${channel}`;
        };
        expect(internal).toContain(line('Mejlutskick program Millennium'));
        expect(internal).toContain(line('Nyhetstext på Insidan'));
        expect(internal).toContain(line('Information till privata vårdgivare'));
        expect(internal).toMatch(/Planerad \d+\/\d+: Information till privata vårdgivare/);
        expect(internal).not.toContain('Pressmeddelande');
        expect(external).toMatch(/Genomförd \d+\/\d+ av Johanna Åberg: Pressmeddelande/);
        expect(external).toContain(line('Extern nyhetstext Vårdskiftet'));
        expect(external).toMatch(/Planerad \d+\/\d+: Extern nyhetstext Vårdskiftet/);
        expect(external).toContain(
          format === 'md' ? `[länk](<${PRESS_LINK}>)` : `<a href="${PRESS_LINK}">länk</a>`,
        );
        expect(external).not.toContain('Mejlutskick');

        const comment = section('Verksamhetens kommentar');
        for (const bullet of BULLETS) {
          expect(comment).toContain(
            format === 'md' ? `\n- ${bullet}\n` : `<li>${escapeHtml(bullet)}</li>`,
          );
        }
        expect(comment).not.toContain('\\-');

        const spokespersons = section('Talespersoner VGR');
        expect(spokespersons).toContain(
          format === 'md'
            ? `- ${SPOKESPERSON.name}, ${SPOKESPERSON.title}`
            : `<li>${SPOKESPERSON.name}, ${SPOKESPERSON.title}</li>`,
        );
      },
    );

    it('defaults to HTML, allows only its own stylesheet and no script', async () => {
      const res = await report('vgr.handlaggare', `/api/reports/change-requests/${id}`).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toMatch(/^<!doctype html>\n<html lang="sv">/);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).not.toContain('script-src');
    });

    it('renders hostile and Swedish text safely in both formats', async () => {
      const html = (await extra('html', 'vastkom.handlaggare', hostileId)).text;
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; a | b åäö ÅÄÖ');
      expect(html).toContain(`Beskrivning: &lt;script&gt;`);
      expect(html).toContain(`Kommentar: &lt;script&gt;`);

      const md = (await extra('md', 'vastkom.handlaggare', hostileId)).text;
      expect(md).not.toMatch(/(?<!\\)<script/);
      expect(md).toContain('\\<script\\>alert(1)\\</script\\> a \\| b åäö ÅÄÖ');
      expect(md).toContain('Kommentar: \\<script\\>');
    });
  });

  describe('weekly Regional rapport', () => {
    const week = isoWeekOf(new Date());

    it("lists this week's requests, open requests and the actions still due", async () => {
      const [, year, number] = /^(\d{4})-W(\d{2})$/.exec(week)!;
      for (const format of ['md', 'html'] as const) {
        const res = await weekly(format, week);
        expect(res.headers['content-type']).toBe(
          format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8',
        );
        const doc = res.text;
        const section = (title: (typeof WEEKLY_SECTIONS)[number]) =>
          sectionOf(doc, format, WEEKLY_SECTIONS, title);
        expect(doc).toContain(`Regional rapport Millennium — vecka ${Number(number)}, ${year}`);

        // One vocabulary: the heading says what its column says (Mottagna over Mottagen).
        const received = section('Mottagna ändringsbegäranden');
        expect(received).toContain('Mottagen');
        expect(doc).not.toMatch(/inkom/i);
        expect(received).toContain(reference);
        expect(received).toContain(shown(format, SJUHARAD_DRAFT.title));
        expect(received).toContain('Sjuhärads kommunalförbund');
        expect(received).toContain(hostileReference);
        const decided = section('Beslutade');
        expect(decided).toContain(reference);
        expect(decided).toContain('Godkänd');
        expect(decided).not.toContain(hostileReference);
        expect(section('Kommunicerade')).toContain(
          'Inga ändringsbegäranden kommunicerades under veckan.',
        );
        const open = section('Öppna ärenden');
        expect(open).toContain(reference);
        expect(open).toContain(hostileReference);

        const due = section('Kommunikativa åtgärder att genomföra');
        expect(due).toContain('Information till privata vårdgivare');
        expect(due).toContain('Extern nyhetstext Vårdskiftet');
        for (const done of DONE_FIRST) expect(due).not.toContain(done);
      }
    });

    it('defaults to the current ISO week in Europe/Stockholm, as HTML', async () => {
      const res = await report('vgr.handlaggare', '/api/reports/weekly').expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const [, year, number] = /^(\d{4})-W(\d{2})$/.exec(week)!;
      expect(res.text).toContain(`vecka ${Number(number)}, ${year}</h1>`);
      expect(res.text).toContain(reference);
    });

    it('keeps Markdown table rows at their column count with hostile text, and escapes HTML', async () => {
      const md = (await weekly('md')).text;
      const received = sectionOf(md, 'md', WEEKLY_SECTIONS, 'Mottagna ändringsbegäranden').split(
        '\n',
      );
      const header = received.find((line) => line.startsWith('| Diarienummer'))!;
      const row = received.find((line) => line.includes(hostileReference))!;
      expect(row).toContain('a \\| b åäö ÅÄÖ');
      expect(unescapedPipes(row)).toBe(unescapedPipes(header));
      expect(unescapedPipes(header)).toBe(6); // five columns
      const html = (await weekly('html')).text;
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; a | b åäö ÅÄÖ');
    });

    it('once communicated, lists the request as communicated and no longer due; its hash is the audit head', async () => {
      for (const action of actions.filter((a) => !a.doneAt)) {
        await call
          .event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: action.id })
          .expect(200);
      }
      await call.event('kommunikator', id, { type: 'COMPLETE_COMMUNICATION' }).expect(200);
      const verify = (await call.get('revisor', '/api/audit/verify').expect(200)).body;
      expect(verify).toMatchObject({ ok: true, head: expect.stringMatching(/^[0-9a-f]{64}$/) });

      for (const format of ['md', 'html'] as const) {
        const doc = (await weekly(format, week, 'revisor')).text;
        const section = (title: (typeof WEEKLY_SECTIONS)[number]) =>
          sectionOf(doc, format, WEEKLY_SECTIONS, title);
        expect(section('Kommunicerade')).toContain(reference);
        expect(section('Öppna ärenden')).not.toContain(reference);
        expect(section('Kommunikativa åtgärder att genomföra')).toContain(
          'Inga kommunikativa åtgärder att genomföra.',
        );
        const checksum = section('Beslutshistorikens kontrollsumma');
        expect(checksum).toContain(`Antal poster: ${verify.entries}`);
        expect(checksum).toContain(
          format === 'md' ? `\`${verify.head}\`` : `<code>${verify.head}</code>`,
        );
      }

      // The copy kept outside the database no longer matches once the history grows (or is rewritten).
      await call.event('vgr.handlaggare', hostileId, { type: 'ACKNOWLEDGE' }).expect(200);
      const later = (await weekly('md', week, 'vgr.handlaggare')).text;
      expect(later).not.toContain(verify.head);
      expect(later).toContain(`Antal poster: ${verify.entries + 1}`);
    });

    it("reports an earlier week without this week's requests", async () => {
      const md = (await weekly('md', '2024-W41')).text;
      expect(md).toContain('# Regional rapport Millennium — vecka 41, 2024');
      expect(md).toContain('Period: måndag 2024-10-07 – söndag 2024-10-13');
      expect(md).toContain('Inga ändringsbegäranden togs emot under veckan.');
      expect(md).toContain('Inga öppna ärenden.');
      expect(md).not.toContain(reference);
      // A week with 53 weeks in its year exists.
      await weekly('md', '2026-W53');
    });

    it("reports next week with nothing received there, but this week's open requests still open", async () => {
      const nextWeek = isoWeekOf(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
      expect(nextWeek).not.toBe(week);
      const md = (await weekly('md', nextWeek)).text;
      const section = (title: (typeof WEEKLY_SECTIONS)[number]) =>
        sectionOf(md, 'md', WEEKLY_SECTIONS, title);
      expect(section('Mottagna ändringsbegäranden')).toContain(
        'Inga ändringsbegäranden togs emot under veckan.',
      );
      expect(section('Beslutade')).toContain('Inga ändringsbegäranden beslutades under veckan.');
      expect(section('Kommunicerade')).toContain(
        'Inga ändringsbegäranden kommunicerades under veckan.',
      );
      const open = section('Öppna ärenden').split('\n');
      const row = open.find((line) => line.includes(hostileReference))!;
      expect(row).toMatch(/\| 0 \|$/); // days in its state
      expect(open.some((line) => line.includes(reference))).toBe(false); // communicated by now
    });
  });

  describe('who may read what', () => {
    it.each([
      'vgr.handlaggare',
      'kommunikator',
      'styrgrupp.ledamot',
      'revisor',
      'vastkom.handlaggare',
    ])('%s may read both reports', async (userId) => {
      await extra('md', userId);
      await weekly('md', undefined, userId);
    });

    it("a municipality reads its own organisation's extra report but not the regional weekly report", async () => {
      const own = await extra('md', 'sjuharad.handlaggare');
      expect(own.text).toContain(reference);
      const res = await report('sjuharad.handlaggare', '/api/reports/weekly?format=md').expect(403);
      expect(res.text).not.toContain(reference);
      expectNoLeak(res);
    });

    it('admin may read neither (segregation of duties)', async () => {
      await report('admin', `/api/reports/change-requests/${id}`).expect(403);
      await report('admin', '/api/reports/weekly').expect(403);
    });

    it('an invisible request answers exactly like an unknown one (404)', async () => {
      const invisible = await report(
        'uddevalla.handlaggare',
        `/api/reports/change-requests/${id}?format=md`,
      ).expect(404);
      const unknownId = randomUUID();
      const unknown = await report(
        'vgr.handlaggare',
        `/api/reports/change-requests/${unknownId}`,
      ).expect(404);
      expect(invisible.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(invisible.body).toEqual({
        ...unknown.body,
        message: unknown.body.message.replace(unknownId, id),
      });
      expect(invisible.text).not.toContain(reference);
      await report('boras.handlaggare', `/api/reports/change-requests/${id}`).expect(404);
      await report('vgr.handlaggare', '/api/reports/change-requests/not-a-uuid').expect(404);
    });

    it('no token: 401', async () => {
      await t.http.get(`/api/reports/change-requests/${id}`).expect(401);
      await t.http.get('/api/reports/weekly').expect(401);
    });
  });

  describe('bad input', () => {
    it.each(['2024-41', '2024-W54', '2024-W53', '2024-W00', '24-W41', '2024-W4', ''])(
      'week=%j is a 400 naming the week',
      async (week) => {
        const res = await report('vgr.handlaggare', `/api/reports/weekly?week=${week}`).expect(400);
        expect(res.body.fields).toEqual([
          expect.objectContaining({ field: 'week', message: expect.any(String) }),
        ]);
        expectNoLeak(res);
      },
    );

    it('a format other than md or html is a 400 naming the format', async () => {
      for (const path of [
        `/api/reports/change-requests/${id}?format=pdf`,
        '/api/reports/weekly?format=pdf',
      ]) {
        const res = await report('vgr.handlaggare', path).expect(400);
        expect(res.body.fields).toEqual([
          { field: 'format', message: 'format must be md or html' },
        ]);
      }
      await report(
        'vgr.handlaggare',
        `/api/reports/change-requests/${id}?format=md&format=html`,
      ).expect(400);
    });
  });
});
