import type { AppConfig } from '../config/app-config';
import { signToken, TEST_JWT_SECRET } from '../../test/support/tokens';
import { TOKEN_LEEWAY_SECONDS } from './auth.constants';
import { TokenVerifier } from './token-verifier';

/** A verified token is remembered by its text, but never beyond its expiry. */
describe('TokenVerifier: verified tokens are remembered, never past their exp', () => {
  const start = new Date('2026-12-03T08:00:00Z');
  let verifier: TokenVerifier;

  beforeEach(async () => {
    jest.useFakeTimers({ now: start, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    verifier = new TokenVerifier({ jwt: { mode: 'dev-secret', secret: TEST_JWT_SECRET } } as AppConfig);
    await verifier.onModuleInit();
  });
  afterEach(() => jest.useRealTimers());

  it('a token that was accepted is refused once it has expired (past the leeway)', async () => {
    const token = signToken({}, { subject: 'vgr.handlaggare', expiresIn: 5 });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'vgr.handlaggare', role: undefined });
    jest.setSystemTime(start.getTime() + (5 + TOKEN_LEEWAY_SECONDS - 1) * 1000);
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'vgr.handlaggare', role: undefined });
    jest.setSystemTime(start.getTime() + (5 + TOKEN_LEEWAY_SECONDS + 1) * 1000);
    await expect(verifier.verify(token)).rejects.toMatchObject({ message: 'Token has expired' });
  });

  it('another text is verified on its own: a forged signature beside an accepted token is refused', async () => {
    const token = signToken({}, { subject: 'vgr.handlaggare' });
    await verifier.verify(token);
    const forged = signToken({ role: 'admin' }, { subject: 'vgr.handlaggare', key: 'some-other-key-0123456789abcdef-xyz' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ message: 'Token signature is invalid' });
    const swapped = `${forged.split('.').slice(0, 2).join('.')}.${token.split('.')[2]}`;
    await expect(verifier.verify(swapped)).rejects.toMatchObject({ message: 'Token signature is invalid' });
  });
});
