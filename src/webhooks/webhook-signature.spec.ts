import { signature, webhookBody } from './webhook-signature';

describe('webhook body and signature', () => {
  const body = {
    id: '6f1c2f0e-2b9a-4c35-9a39-3d0f4f3b8a11',
    reference: 'ÄB-2024-0001',
    changeRequestId: 'b3c1d9a4-52f3-4b9a-8f0e-1d2c3b4a5f60',
    eventType: 'SUBMIT',
    seq: 7,
    hash: 'ab'.repeat(32),
    at: '2024-10-11T13:05:00.000Z',
  };

  it('writes exactly the seven keys in a fixed order, whatever else the caller holds', () => {
    const text = webhookBody({ ...body, title: 'intern', payload: { text: 'hemlig' } } as typeof body);
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'reference', 'changeRequestId', 'eventType', 'seq', 'hash', 'at']);
    expect(text).not.toContain('hemlig');
    expect(webhookBody({ ...body, at: body.at, id: body.id })).toBe(text);
  });

  it('signs the exact bytes (RFC 4231 test case 2 for the HMAC itself)', () => {
    expect(signature('what do ya want for nothing?', 'Jefe')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const text = webhookBody(body);
    expect(signature(Buffer.from(text, 'utf8'), 'a-secret-of-16-ch')).toBe(signature(text, 'a-secret-of-16-ch'));
    expect(signature(`${text} `, 'a-secret-of-16-ch')).not.toBe(signature(text, 'a-secret-of-16-ch'));
  });
});
