import { createHash } from 'node:crypto';
import { hashEntry, sealEntry, UnsealedAuditEntry } from './audit-hash';
import { AuditEntry, GENESIS_HASH } from './audit.types';

const unsealed: UnsealedAuditEntry = {
  seq: 1,
  at: '2025-03-04T09:15:00.123Z',
  changeRequestId: 'cr-1',
  reference: 'ÄB-2025-001',
  eventType: 'SUBMIT',
  payload: { prio: 2, kommentar: 'Klar för granskning' },
  actorId: 'u-17',
  actorName: 'Åsa Öberg',
  actorOrganisation: 'kfv',
  actorRole: 'handlaggare',
  stateBefore: '"draft"',
  stateAfter: '"submitted"',
};

/** The canonical form of `unsealed` linked to genesis, written out by hand. */
const CANONICAL =
  '{"actorId":"u-17","actorName":"Åsa Öberg","actorOrganisation":"kfv","actorRole":"handlaggare",' +
  '"at":"2025-03-04T09:15:00.123Z","changeRequestId":"cr-1","eventType":"SUBMIT",' +
  '"payload":{"kommentar":"Klar för granskning","prio":2},' +
  '"prevHash":"0000000000000000000000000000000000000000000000000000000000000000",' +
  '"reference":"ÄB-2025-001","seq":1,"stateAfter":"\\"submitted\\"","stateBefore":"\\"draft\\""}';

/** Pinned: changing this value changes every stored hash. */
const KNOWN_HASH = '4ba4e08172857ead8a8e4faee1eb7b4b9ac50985aa93a5d6c797262a74534da9';

describe('hashEntry', () => {
  it('is the SHA-256 of the UTF-8 canonical JSON of the thirteen hashed fields', () => {
    const expected = createHash('sha256').update(Buffer.from(CANONICAL, 'utf8')).digest('hex');
    expect(expected).toBe(KNOWN_HASH);
    expect(hashEntry({ ...unsealed, prevHash: GENESIS_HASH })).toBe(KNOWN_HASH);
  });

  it('ignores properties outside the scheme, including a stored hash', () => {
    const withExtras = { ...unsealed, prevHash: GENESIS_HASH, hash: 'f'.repeat(64), id: 99 };
    expect(hashEntry(withExtras)).toBe(KNOWN_HASH);
  });

  it('does not depend on the key order of the payload', () => {
    const reordered = { ...unsealed, payload: { kommentar: 'Klar för granskning', prio: 2 } };
    expect(hashEntry({ ...reordered, prevHash: GENESIS_HASH })).toBe(KNOWN_HASH);
  });

  const changes: [keyof Omit<AuditEntry, 'hash'>, unknown][] = [
    ['seq', 2],
    ['at', '2025-03-04T09:15:00.124Z'],
    ['changeRequestId', 'cr-2'],
    ['reference', null],
    ['eventType', 'APPROVE'],
    ['payload', { prio: 3, kommentar: 'Klar för granskning' }],
    ['actorId', 'u-18'],
    ['actorName', 'Asa Oberg'],
    ['actorOrganisation', 'other'],
    ['actorRole', 'auditor'],
    ['stateBefore', null],
    ['stateAfter', '"approved"'],
    ['prevHash', 'a'.repeat(64)],
  ];
  it.each(changes)('changes when %s changes', (field, value) => {
    const changed = { ...unsealed, prevHash: GENESIS_HASH, [field]: value };
    expect(hashEntry(changed)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(changed)).not.toBe(KNOWN_HASH);
  });

  it('hashes an absent reference as null rather than omitting it', () => {
    const entry = { ...unsealed, reference: null, prevHash: GENESIS_HASH };
    const canonical = CANONICAL.replace('"ÄB-2025-001"', 'null');
    expect(hashEntry(entry)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('refuses a payload that has no exact JSON form', () => {
    const entry = { ...unsealed, payload: { when: new Date(0) }, prevHash: GENESIS_HASH };
    expect(() => hashEntry(entry)).toThrow(/\$\.payload\.when: Date/);
  });
});

describe('sealEntry', () => {
  it('links to the given previous hash and stores its own hash', () => {
    const first = sealEntry(unsealed, GENESIS_HASH);
    expect(first).toEqual({ ...unsealed, prevHash: GENESIS_HASH, hash: KNOWN_HASH });

    const second = sealEntry({ ...unsealed, seq: 2, eventType: 'APPROVE' }, first.hash);
    expect(second.prevHash).toBe(KNOWN_HASH);
    expect(second.hash).toBe(hashEntry(second));
    expect(second.hash).not.toBe(first.hash);
  });

  it.each(['', 'abc', 'A'.repeat(64), `${'0'.repeat(63)}g`, `${GENESIS_HASH}0`])(
    'rejects the malformed previous hash %p',
    (prevHash) => {
      expect(() => sealEntry(unsealed, prevHash)).toThrow(
        'entry 1: prevHash must be 64 lowercase hex',
      );
    },
  );
});
