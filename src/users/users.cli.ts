/**
 * User administration from the server's host, without the server or a token — how a production
 * database gets its first administrator:
 *
 *     npm run --silent users -- add <id> --role <role> --organisation <id> --name "<name>"
 *                                        [--title "<title>"] [--email <address>]
 *     npm run --silent users -- list
 *     npm run --silent users -- set-role <id> <role>
 *     npm run --silent users -- set-organisation <id> <organisation>
 *     npm run --silent users -- deactivate <id>
 *     npm run --silent users -- reactivate <id>
 *
 * Same DATABASE_URL as the server (`--schema <name>` picks a PostgreSQL schema other than the
 * default, as audit:verify does); migrates a new database and inserts the reference data
 * (organisations), never the demo users. Every change is an audit entry naming this command and
 * the operating-system account that ran it.
 * Exit codes: 0 done · 1 configuration or database error · 2 usage error or refused change.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { wallClock } from '../clock/clock';
import { DomainError } from '../common/domain-error';
import { isRole, ROLES, type Role } from '../common/roles';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseConfig } from '../config/app-config';
import { openStandaloneDatabase } from '../database/standalone';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { seedReferenceData } from '../organisations/reference-data.seeder';
import { UserAdministration, type Administrator, type NewUser } from './user-administration';
import type { UserRecord } from './user.types';
import { UsersRepository } from './users.repository';

const USAGE = [
  'usage: npm run --silent users -- add <id> --role <role> --organisation <id> --name "<name>" [--title "<title>"] [--email <address>]',
  '       npm run --silent users -- list',
  '       npm run --silent users -- set-role <id> <role>',
  '       npm run --silent users -- set-organisation <id> <organisation>',
  '       npm run --silent users -- deactivate <id>',
  '       npm run --silent users -- reactivate <id>',
  `roles: ${ROLES.join(', ')}`,
].join('\n');

class UsageError extends Error {}

type Command =
  | { kind: 'add'; user: NewUser }
  | { kind: 'list' }
  | { kind: 'set-role'; id: string; role: Role }
  | { kind: 'set-organisation'; id: string; organisationId: string }
  | { kind: 'deactivate' | 'reactivate'; id: string };

const ADD_OPTIONS = ['role', 'organisation', 'name', 'title', 'email'] as const;

function parseRole(value: string): Role {
  if (!isRole(value)) throw new UsageError(`unknown role "${value}"`);
  return value;
}

export function parseCommand(argv: string[]): Command {
  const args = argv.filter((arg) => arg !== '--');
  const [verb, ...rest] = args;
  const positional = (count: number): string[] => {
    if (rest.length !== count || rest.some((a) => a.startsWith('--'))) throw new UsageError(`${verb} takes ${count} argument(s)`);
    return rest;
  };
  switch (verb) {
    case 'list':
      positional(0);
      return { kind: 'list' };
    case 'set-role': {
      const [id, role] = positional(2);
      return { kind: 'set-role', id, role: parseRole(role) };
    }
    case 'set-organisation': {
      const [id, organisationId] = positional(2);
      return { kind: 'set-organisation', id, organisationId };
    }
    case 'deactivate':
    case 'reactivate':
      return { kind: verb, id: positional(1)[0] };
    case 'add': {
      const [id, ...options] = rest;
      if (!id || id.startsWith('--')) throw new UsageError('add needs a user id');
      const values: Partial<Record<(typeof ADD_OPTIONS)[number], string>> = {};
      for (let i = 0; i < options.length; i++) {
        const match = /^--([a-z]+)(?:=(.*))?$/s.exec(options[i]);
        const name = match?.[1] as (typeof ADD_OPTIONS)[number] | undefined;
        if (!match || !name || !ADD_OPTIONS.includes(name)) throw new UsageError(`unknown argument ${options[i]}`);
        const value = match[2] ?? options[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        if (values[name] !== undefined) throw new UsageError(`--${name} given twice`);
        values[name] = value;
      }
      for (const required of ['role', 'organisation', 'name'] as const) {
        if (!values[required]) throw new UsageError(`add needs --${required}`);
      }
      return {
        kind: 'add',
        user: {
          id,
          role: parseRole(values.role!),
          organisationId: values.organisation!,
          name: values.name!,
          title: values.title,
          email: values.email ?? null,
        },
      };
    }
    default:
      throw new UsageError(verb === undefined || verb === '--help' || verb === '-h' ? '' : `unknown command "${verb}"`);
  }
}

function describe(user: UserRecord): string {
  return [user.id, user.role, user.organisationId, user.active ? 'active' : 'deactivated', user.name, user.email ?? ''].join('\t');
}

async function run(command: Command, database: DatabaseConfig): Promise<string[]> {
  if (database.type === 'sqlite' && database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  const { database: db, close } = await openStandaloneDatabase({ database });
  try {
    await seedReferenceData(db);
    const users = new UsersRepository();
    if (command.kind === 'list') return (await db.read(({ sql }) => users.list(sql))).map(describe);
    const administration = new UserAdministration(
      db,
      users,
      new OrganisationsRepository(),
      new AuditService(new AuditRepository()),
      // The command runs without the server, so without its (test-movable) clock: the host's time.
      () => wallClock().toISOString(),
    );
    const by: Administrator = {
      id: 'system:users-command',
      name: `npm run users (${userInfo().username})`,
      organisationId: 'system',
      role: 'system',
    };
    let user: UserRecord;
    switch (command.kind) {
      case 'add':
        user = await administration.create(by, command.user);
        return [`created ${describe(user)}`];
      case 'set-role':
        user = await administration.change(by, command.id, { role: command.role });
        return [`changed ${describe(user)}`];
      case 'set-organisation':
        user = await administration.change(by, command.id, { organisationId: command.organisationId });
        return [`changed ${describe(user)}`];
      case 'deactivate':
        user = await administration.deactivate(by, command.id);
        return [`deactivated ${describe(user)}`];
      case 'reactivate':
        user = await administration.reactivate(by, command.id);
        return [`reactivated ${describe(user)}`];
    }
  } finally {
    await close();
  }
}

function finish(code: number, stream: NodeJS.WriteStream, lines: string[]): void {
  stream.write(lines.map((line) => `${line}\n`).join(''));
  process.exitCode = code;
}

/** Takes `--schema <name>` out of the arguments. */
function schemaOption(argv: string[]): { schema?: string; rest: string[] } {
  const at = argv.findIndex((a) => a === '--schema' || a.startsWith('--schema='));
  if (at < 0) return { rest: argv };
  const inline = argv[at].startsWith('--schema=');
  const schema = inline ? argv[at].slice('--schema='.length) : argv[at + 1];
  if (!schema || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new UsageError('--schema needs a schema name');
  return { schema, rest: [...argv.slice(0, at), ...argv.slice(at + (inline ? 1 : 2))] };
}

async function main(argv: string[]): Promise<void> {
  let command: Command;
  let database: DatabaseConfig;
  let schema: string | undefined;
  try {
    const options = schemaOption(argv);
    schema = options.schema;
    command = parseCommand(options.rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return finish(2, process.stderr, error.message ? [`users: ${error.message}`, USAGE] : [USAGE]);
  }
  try {
    database = parseDatabaseUrl(process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL);
    if (schema !== undefined) {
      if (database.type !== 'postgres') throw new Error('--schema needs a postgres:// DATABASE_URL');
      database = { ...database, schema };
    }
  } catch {
    return finish(2, process.stderr, ['users: DATABASE_URL is not a valid database URL (or --schema without PostgreSQL)']);
  }
  try {
    finish(0, process.stdout, await run(command, database));
  } catch (error) {
    if (error instanceof DomainError) {
      const fields = (error.details.fields as { field: string; message: string }[] | undefined) ?? [];
      return finish(2, process.stderr, [`users: ${error.message}`, ...fields.map((f) => `  ${f.field}: ${f.message}`)]);
    }
    finish(1, process.stderr, [`users: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

if (require.main === module) void main(process.argv.slice(2));
