/**
 * A verifier thread (node:worker_threads) of verifyAuditDatabase: opens the database itself,
 * read-only, and verifies the slices it is handed (verifySlice), one at a time, until told to
 * stop; then closes its connection and ends.
 *
 * In: { index, afterSeq, upToSeq, pageSize, derived } · { stop: true }. Out: { result } · { error }.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type AuditReader,
  type AuditSource,
  type VerifyThreadReply,
  type VerifyThreadRequest,
  openAuditDatabase,
  verifySlice,
} from './audit-database';

const port = parentPort!;
const source = workerData as AuditSource;
const reply = (message: VerifyThreadReply) => port.postMessage(message);
const opened: Promise<AuditReader> = openAuditDatabase(source.database, source.schema);
opened.catch(() => undefined);
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: VerifyThreadRequest) => {
  queue = queue.then(async () => {
    if ('stop' in message) {
      const reader = await opened.catch(() => undefined);
      await reader?.close().catch(() => undefined);
      port.close();
      return;
    }
    try {
      const reader = await opened;
      reply({
        result: await verifySlice(reader, message.index, message.afterSeq, message.upToSeq, message.pageSize, message.derived),
      });
    } catch (error) {
      reply({ error: error instanceof Error ? error.message : String(error) });
    }
  });
});
