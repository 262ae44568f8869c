import type { Actor } from '../common/actor';

/**
 * How a signatory signs the protocol's sha256. The built-in provider records the authenticated
 * user (the bearer token the request came with); an e-legitimation provider (BankID, SITHS/Freja
 * through the region's signing service) implements the same interface and returns its own
 * method name and evidence.
 */
export interface SignatureProvider {
  readonly method: string;
  sign(actor: Actor, protocolSha256: string, at: string): Promise<{ method: string }>;
}

export const SIGNATURE_PROVIDER = Symbol('SignatureProvider');

export class AuthenticatedUserSignature implements SignatureProvider {
  readonly method = 'inloggad-anvandare';

  sign(): Promise<{ method: string }> {
    return Promise.resolve({ method: this.method });
  }
}
