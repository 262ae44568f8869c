/**
 * Verifies the decision history's hash chain straight from the database, without the server:
 *
 *     npm run --silent audit:verify -- [--database <sqlite:path|postgres://…>] [--schema <name>]
 *
 * Default database: DATABASE_URL, else the default SQLite file. Opens it read-only, runs no
 * migrations and seeds nothing, and reads the log in pages (flat memory), in slices verified on
 * this thread and on worker threads, each with a read-only connection of its own
 * (AUDIT_VERIFY_THREADS: how many in all; default one per core, at most 4; 0 or 1: this thread only).
 * Exit codes: 0 the chain checks out · 1 it does not (the first failing entry is named) ·
 * 2 usage error, or the database is unreachable, missing or holds no decision history.
 */
import 'reflect-metadata';
import { DEFAULT_DATABASE_URL, DatabaseConfig, parseDatabaseUrl } from '../config/app-config';
import { AuditDatabaseUnavailableError, AuditReader, openAuditDatabase, verifyAuditDatabase } from './audit-database';

const USAGE =
  'usage: npm run --silent audit:verify -- [--database <sqlite:path|postgres://...>] [--schema <name>]';

class UsageError extends Error {}

interface Options {
  database: DatabaseConfig;
  schema?: string;
}

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Options {
  const values: Record<string, string> = {};
  const args = argv.filter((arg) => arg !== '--');
  for (let i = 0; i < args.length; i++) {
    const match = /^--(database|schema)(?:=(.*))?$/.exec(args[i]);
    if (!match) throw new UsageError(args[i] === '--help' || args[i] === '-h' ? '' : `unknown argument ${args[i]}`);
    const value = match[2] ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${match[1]} needs a value`);
    values[match[1]] = value;
  }
  const url = values.database ?? (env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
  const from = values.database !== undefined ? '--database' : 'DATABASE_URL';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(url)) {
    throw new UsageError(`${from} must be sqlite:<path> or postgres://...`);
  }
  let database: DatabaseConfig;
  try {
    database = parseDatabaseUrl(url);
  } catch {
    throw new UsageError(`${from} is not a valid database URL`);
  }
  return { database, schema: values.schema };
}

function exit(code: number, stream: NodeJS.WriteStream, lines: string[]): never {
  stream.write(lines.map((line) => `${line}\n`).join(''));
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    exit(2, process.stderr, error.message ? [`audit:verify: ${error.message}`, USAGE] : [USAGE]);
  }

  let reader: AuditReader | undefined;
  try {
    reader = await openAuditDatabase(options.database, options.schema);
    const result = await verifyAuditDatabase(reader);
    await reader.close();
    reader = undefined;
    if (result.ok) {
      exit(0, process.stdout, [`ok: ${result.entries} entries, head ${result.head}`]);
    }
    const { seq, reason, message } = result.failure;
    exit(1, process.stdout, [
      `FAILED at entry ${seq} (${reason}): ${message}`,
      `${result.entries} entries before it check out, head ${result.head}`,
    ]);
  } catch (error) {
    await reader?.close().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    const prefix = error instanceof AuditDatabaseUnavailableError ? '' : 'error while reading: ';
    exit(2, process.stderr, [`audit:verify: ${prefix}${message}`]);
  }
}

void main(process.argv.slice(2));
