import { hashEntry, sealEntry } from './audit-hash';
import { AUDIT_CSV_COLUMNS, csvHeader, toCsvRow, toJsonLine } from './audit-export';
import { verifyAuditStream } from './audit-verifier';
import { AuditEntry, GENESIS_HASH, SCHEME_1_FIELDS, SCHEME_2_FIELDS } from './audit.types';

function entry(
  overrides: Partial<Omit<AuditEntry, 'hash' | 'prevHash'>> = {},
  prevHash = GENESIS_HASH,
): AuditEntry {
  return sealEntry(
    {
      seq: 1,
      at: '2025-03-04T09:15:00.123Z',
      changeRequestId: 'cr-1',
      reference: 'ÄB-2025-001',
      eventType: 'SUBMIT',
      payload: { prio: 2, kommentar: 'Klar, "snart"' },
      actorId: 'u-17',
      actorName: 'Åsa Öberg',
      actorOrganisation: 'kfv',
      actorRole: 'handlaggare',
      stateBefore: '"draft"',
      stateAfter: '{"review":"pending"}',
      ...overrides,
    },
    prevHash,
  );
}

/** Minimal RFC 4180 reader for the tests: returns the cells of each CRLF-terminated record. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('unterminated CSV record');
  return rows;
}

describe('toJsonLine', () => {
  it('writes the full entry as one canonical JSON line', () => {
    const e = entry();
    const line = toJsonLine(e);

    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(e);
    expect(line).toBe(
      '{"actorId":"u-17","actorName":"Åsa Öberg","actorOrganisation":"kfv","actorRole":"handlaggare",' +
        '"at":"2025-03-04T09:15:00.123Z","changeRequestId":"cr-1","eventType":"SUBMIT",' +
        `"hash":"${e.hash}","payload":{"kommentar":"Klar, \\"snart\\"","prio":2},` +
        `"prevHash":"${GENESIS_HASH}","reference":"ÄB-2025-001","seq":1,` +
        '"stateAfter":"{\\"review\\":\\"pending\\"}","stateBefore":"\\"draft\\""}\n',
    );
  });

  it("keeps only the scheme's hashed fields and the hash, and writes null explicitly", () => {
    const e = { ...entry({ reference: null, stateBefore: null }), id: 42, createdBy: 'db' };
    const parsed = JSON.parse(toJsonLine(e)) as Record<string, unknown>;

    expect(Object.keys(parsed).sort()).toEqual([...SCHEME_1_FIELDS, 'hash'].sort());
    expect(parsed.reference).toBeNull();
    expect(parsed.stateBefore).toBeNull();

    const v2 = entry({ subjectType: 'organisation', subjectId: 'boras', changeRequestId: null });
    const parsedV2 = JSON.parse(toJsonLine(v2)) as Record<string, unknown>;
    expect(Object.keys(parsedV2).sort()).toEqual([...SCHEME_2_FIELDS, 'hash'].sort());
    expect(parsedV2).toMatchObject({ subjectType: 'organisation', subjectId: 'boras', changeRequestId: null, onBehalfOf: null });
    const { hash, ...hashed } = parsedV2;
    expect(hashEntry(hashed as unknown as AuditEntry)).toBe(hash);
  });

  it('round-trips: parsed lines re-hash and verify as a chain', async () => {
    const first = entry();
    const second = entry(
      { seq: 2, eventType: 'APPROVE', payload: { ö: 1, a: [1.5, -0, 1e21] } },
      first.hash,
    );
    const exported = toJsonLine(first) + toJsonLine(second);

    const parsed = exported
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEntry);

    expect(parsed.map((p) => hashEntry(p))).toEqual([first.hash, second.hash]);
    await expect(verifyAuditStream(parsed)).resolves.toEqual({
      ok: true,
      entries: 2,
      head: second.hash,
    });
  });
});

describe('CSV export', () => {
  it('writes the documented header in a fixed order', () => {
    expect(csvHeader()).toBe(
      'seq,at,subjectType,subjectId,changeRequestId,reference,eventType,payload,actorId,actorName,' +
        'actorOrganisation,actorRole,onBehalfOf,stateBefore,stateAfter,prevHash,hash\r\n',
    );
  });

  it('writes one RFC 4180 record per entry, with the canonical payload', () => {
    const e = entry();
    const row = toCsvRow(e);

    expect(row).toBe(
      '1,2025-03-04T09:15:00.123Z,,,cr-1,ÄB-2025-001,SUBMIT,' +
        '"{""kommentar"":""Klar, \\""snart\\"""",""prio"":2}",' +
        'u-17,Åsa Öberg,kfv,handlaggare,,"""draft""","{""review"":""pending""}",' +
        `${GENESIS_HASH},${e.hash}\r\n`,
    );
    const [header, cells] = parseCsv(csvHeader() + row);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(cells[header.indexOf('payload')]).toBe('{"kommentar":"Klar, \\"snart\\"","prio":2}');
    expect(cells[header.indexOf('stateBefore')]).toBe('"draft"');
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    const e = entry({ actorName: 'Öberg, Åsa "Åsa"\r\nrad två', eventType: 'A,B' });
    const [cells] = parseCsv(toCsvRow(e));

    expect(cells).toHaveLength(AUDIT_CSV_COLUMNS.length);
    expect(cells[AUDIT_CSV_COLUMNS.indexOf('actorName')]).toBe('Öberg, Åsa "Åsa"\r\nrad två');
    expect(cells[AUDIT_CSV_COLUMNS.indexOf('eventType')]).toBe('A,B');
  });

  it('writes null as an empty cell', () => {
    const [cells] = parseCsv(toCsvRow(entry({ reference: null, stateBefore: null })));

    expect(cells[AUDIT_CSV_COLUMNS.indexOf('reference')]).toBe('');
    expect(cells[AUDIT_CSV_COLUMNS.indexOf('stateBefore')]).toBe('');
  });

  it.each(['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'defuses the formula %p in user-supplied columns',
    (text) => {
      const [cells] = parseCsv(toCsvRow(entry({ actorName: text, reference: text })));

      expect(cells[AUDIT_CSV_COLUMNS.indexOf('actorName')]).toBe(`'${text}`);
      expect(cells[AUDIT_CSV_COLUMNS.indexOf('reference')]).toBe(`'${text}`);
    },
  );

  it('leaves system columns and harmless text untouched', () => {
    const e = entry({ actorName: 'Anna-Lena = ok', eventType: '-SYSTEM', actorRole: '@role' });
    const [cells] = parseCsv(toCsvRow(e));

    expect(cells[AUDIT_CSV_COLUMNS.indexOf('actorName')]).toBe('Anna-Lena = ok');
    expect(cells[AUDIT_CSV_COLUMNS.indexOf('eventType')]).toBe('-SYSTEM');
    expect(cells[AUDIT_CSV_COLUMNS.indexOf('actorRole')]).toBe('@role');
  });
});
