import { sealEntry, UnsealedAuditEntry } from './audit-hash';
import { ChainVerifier, verifyAuditStream } from './audit-verifier';
import { AuditEntry, GENESIS_HASH } from './audit.types';

const STATES = ['draft', 'submitted', 'in_review', 'approved', 'scheduled', 'done'];

function unsealed(seq: number): UnsealedAuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2025, 0, 1) + seq * 60_000).toISOString(),
    changeRequestId: `cr-${(seq % 3) + 1}`,
    reference: seq % 2 === 0 ? `ÄB-2025-${String(seq).padStart(3, '0')}` : null,
    eventType: 'ADVANCE',
    payload: { kommentar: `steg ${seq}`, bilagor: [seq, { namn: 'plan.pdf' }] },
    actorId: `u-${seq % 4}`,
    actorName: 'Åsa Öberg',
    actorOrganisation: 'kfv',
    actorRole: 'handlaggare',
    stateBefore: seq === 1 ? null : JSON.stringify(STATES[(seq - 1) % STATES.length]),
    stateAfter: JSON.stringify(STATES[seq % STATES.length]),
  };
}

function buildChain(length: number): AuditEntry[] {
  const chain: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const entry = sealEntry(unsealed(seq), prevHash);
    chain.push(entry);
    prevHash = entry.hash;
  }
  return chain;
}

async function* streamOf(entries: AuditEntry[]): AsyncGenerator<AuditEntry> {
  for (const entry of entries) {
    await Promise.resolve();
    yield entry;
  }
}

describe('verifyAuditStream', () => {
  let chain: AuditEntry[];

  beforeEach(() => {
    chain = buildChain(5);
  });

  it('accepts an empty log with the genesis hash as head', async () => {
    await expect(verifyAuditStream(streamOf([]))).resolves.toEqual({
      ok: true,
      entries: 0,
      head: GENESIS_HASH,
    });
  });

  it('accepts an intact chain and reports the newest hash as head', async () => {
    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: true,
      entries: 5,
      head: chain[4].hash,
    });
  });

  it('accepts a synchronous iterable too', async () => {
    await expect(verifyAuditStream(chain)).resolves.toMatchObject({ ok: true, entries: 5 });
  });

  it('names the entry whose payload was edited', async () => {
    chain[2] = { ...chain[2], payload: { ...chain[2].payload, kommentar: 'ändrad i efterhand' } };

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 2,
      head: chain[1].hash,
      failure: {
        seq: 3,
        reason: 'hash_mismatch',
        message: 'entry 3: stored hash does not match its content',
      },
    });
  });

  it.each<[keyof AuditEntry, unknown]>([
    ['at', '2025-01-01T00:03:00.001Z'],
    ['actorName', 'Någon Annan'],
    ['stateAfter', '"rejected"'],
    ['reference', 'ÄB-2025-999'],
    ['hash', 'f'.repeat(64)],
  ])('names the entry whose %s was edited', async (field, value) => {
    chain[2] = { ...chain[2], [field]: value };

    const result = await verifyAuditStream(streamOf(chain));

    expect(result).toMatchObject({
      ok: false,
      entries: 2,
      failure: { seq: 3, reason: 'hash_mismatch' },
    });
  });

  it('catches an edited entry that was re-hashed, at the next link', async () => {
    const forged = sealEntry({ ...unsealed(3), actorRole: 'admin' }, chain[1].hash);
    chain[2] = forged;

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 3,
      head: forged.hash,
      failure: {
        seq: 4,
        reason: 'broken_link',
        message: 'entry 4: previous hash does not match the hash of entry 3',
      },
    });
  });

  it('names the entry after a deleted middle entry as a gap', async () => {
    chain.splice(2, 1);

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 2,
      head: chain[1].hash,
      failure: {
        seq: 4,
        reason: 'gap',
        message: 'entry 4: expected entry 3 after entry 2; entries are missing or out of order',
      },
    });
  });

  it('names a deleted first entry as a gap at the start', async () => {
    chain.shift();

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 0,
      head: GENESIS_HASH,
      failure: {
        seq: 2,
        reason: 'gap',
        message:
          'entry 2: expected entry 1 at the start of the log; entries are missing or out of order',
      },
    });
  });

  it('cannot see a truncated tail by itself: the head differs from the one recorded earlier', async () => {
    const recordedHead = chain[4].hash;
    chain.pop();

    const result = await verifyAuditStream(streamOf(chain));

    expect(result).toEqual({ ok: true, entries: 4, head: chain[3].hash });
    expect(result.head).not.toBe(recordedHead);
  });

  it('names a swapped pair as a gap', async () => {
    [chain[2], chain[3]] = [chain[3], chain[2]];

    await expect(verifyAuditStream(streamOf(chain))).resolves.toMatchObject({
      ok: false,
      entries: 2,
      failure: {
        seq: 4,
        reason: 'gap',
        message: expect.stringContaining('expected entry 3') as unknown,
      },
    });
  });

  it('names a swapped pair with renumbered seqs as a broken link', async () => {
    [chain[2], chain[3]] = [
      { ...chain[3], seq: 3 },
      { ...chain[2], seq: 4 },
    ];

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 2,
      head: chain[1].hash,
      failure: {
        seq: 3,
        reason: 'broken_link',
        message: 'entry 3: previous hash does not match the hash of entry 2',
      },
    });
  });

  it('reports a wrong previous hash as a broken link even when the entry hash is consistent', async () => {
    chain[2] = sealEntry(unsealed(3), 'a'.repeat(64));

    await expect(verifyAuditStream(streamOf(chain))).resolves.toMatchObject({
      ok: false,
      entries: 2,
      failure: { seq: 3, reason: 'broken_link' },
    });
  });

  it('requires the first entry to link to the genesis hash', async () => {
    chain = [sealEntry(unsealed(1), 'b'.repeat(64))];

    await expect(verifyAuditStream(streamOf(chain))).resolves.toEqual({
      ok: false,
      entries: 0,
      head: GENESIS_HASH,
      failure: {
        seq: 1,
        reason: 'broken_link',
        message: 'entry 1: previous hash does not match the genesis hash',
      },
    });
  });

  it('reports stored content that has no canonical form as a hash mismatch', async () => {
    chain[1] = { ...chain[1], payload: { belopp: Number.NaN } };

    await expect(verifyAuditStream(streamOf(chain))).resolves.toMatchObject({
      ok: false,
      entries: 1,
      failure: {
        seq: 2,
        reason: 'hash_mismatch',
        message: expect.stringMatching(
          /^entry 2: content cannot be hashed .*\$\.payload\.belopp/,
        ) as unknown,
      },
    });
  });

  it('stops reading at the first failure and closes the source', async () => {
    chain[1] = { ...chain[1], eventType: 'FORGED' };
    let read = 0;
    let closed = false;
    async function* source(): AsyncGenerator<AuditEntry> {
      try {
        for (const entry of chain) {
          read++;
          await Promise.resolve();
          yield entry;
        }
      } finally {
        closed = true;
      }
    }

    const result = await verifyAuditStream(source());

    expect(result).toMatchObject({ ok: false, failure: { seq: 2 } });
    expect(read).toBe(2);
    expect(closed).toBe(true);
  });

  it('verifies 100 000 entries produced lazily, holding only the previous one', async () => {
    const count = 100_000;
    let last = GENESIS_HASH;
    async function* generated(): AsyncGenerator<AuditEntry> {
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= count; seq++) {
        const entry = sealEntry(unsealed(seq), prevHash);
        prevHash = entry.hash;
        last = entry.hash;
        yield entry;
      }
    }

    const result = await verifyAuditStream(generated());

    expect(result).toEqual({ ok: true, entries: count, head: last });
  }, 120_000);
});

describe('ChainVerifier', () => {
  it('gives the same result when fed in batches as the whole stream', async () => {
    const chain = buildChain(12);
    const verifier = new ChainVerifier();

    for (let start = 0; start < chain.length; start += 5) {
      for (const entry of chain.slice(start, start + 5)) {
        expect(verifier.push(entry)).toBeNull();
      }
      expect(verifier.result()).toEqual({
        ok: true,
        entries: Math.min(start + 5, 12),
        head: chain[Math.min(start + 5, 12) - 1].hash,
      });
    }

    expect(verifier.result()).toEqual(await verifyAuditStream(chain));
  });

  it('keeps the first failure and ignores later entries', () => {
    const chain = buildChain(6);
    chain[3] = { ...chain[3], actorId: 'u-forged' };
    const verifier = new ChainVerifier();

    const outcomes = chain.map((entry) => verifier.push(entry));

    expect(outcomes.slice(0, 3)).toEqual([null, null, null]);
    const failure = {
      seq: 4,
      reason: 'hash_mismatch',
      message: 'entry 4: stored hash does not match its content',
    };
    expect(outcomes.slice(3)).toEqual([failure, failure, failure]);
    expect(verifier.result()).toEqual({ ok: false, entries: 3, head: chain[2].hash, failure });
  });

  it('starts empty', () => {
    expect(new ChainVerifier().result()).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
  });
});
