import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';

export interface Received {
  to: string;
  subject: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: Received[];
  refused: () => number;
  close: () => Promise<void>;
}

/** A real SMTP server in the test process: records what arrives, refusing the first `refuse` mails. */
export async function startSmtp(refuse = 0, port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  let refusedSoFar = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusedSoFar < refuse) {
          refusedSoFar++;
          const error = Object.assign(new Error('Försök igen senare'), { responseCode: 451 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/im.exec(raw)?.[1] ?? '';
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject, raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${listening}`,
    received,
    refused: () => refusedSoFar,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PENDING = sql(`SELECT COUNT(*) AS n FROM email_deliveries WHERE status = 'pending'`);

/** Waits until no mail is pending in the outbox. */
export async function mailsSettled(database: Database, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const n = await database.read(async ({ sql: db }) => Number((await db.get<{ n: number | string }>(PENDING))!.n));
    if (n === 0) return;
    if (Date.now() > end) throw new Error(`${n} mails still pending`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Decodes an RFC 2047 subject (nodemailer encodes non-ASCII). */
export function decodeSubject(subject: string): string {
  return subject
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    )
    .trim();
}

/** A mail's text body, quoted-printable soft breaks and escapes undone. */
export function mailText(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const unfolded = body.replace(/=\r\n/g, '');
  return Buffer.from(unfolded.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}
