import * as sqlite3 from 'sqlite3';
import { SQLITE_PRAGMAS } from './sqlite-connection';


type OpenCallback = (err: Error | null) => void;

/**
 * The sqlite3 module with a Database class that applies SQLITE_PRAGMAS as soon as the file is
 * open. TypeORM's own options cover WAL, busy_timeout and foreign keys but not `synchronous`,
 * which must be FULL for an acknowledged commit to survive power loss.
 */
export function sqliteDriverWithPragmas(): typeof sqlite3 {
  // Not sqlite3.verbose(): it wraps every call to capture a stack trace (7 % of a COMMENT's CPU).
  const base = sqlite3;

  class Database extends base.Database {
    constructor(filename: string, modeOrCallback?: number | OpenCallback, callback?: OpenCallback) {
      const done = typeof modeOrCallback === 'function' ? modeOrCallback : callback;
      const mode =
        typeof modeOrCallback === 'number'
          ? modeOrCallback
          : base.OPEN_READWRITE | base.OPEN_CREATE | base.OPEN_FULLMUTEX;
      const opened: { db?: Database } = {};
      super(filename, mode, (err) => {
        if (err || !opened.db) {
          done?.(err);
          return;
        }
        opened.db.exec(SQLITE_PRAGMAS.join(';\n'), (pragmaError) => done?.(pragmaError));
      });
      opened.db = this;
    }
  }

  const driver = Object.create(base) as typeof sqlite3 & { Database: typeof Database };
  Object.defineProperty(driver, 'Database', { value: Database });
  Object.defineProperty(driver, 'verbose', { value: () => driver });
  return driver;
}
