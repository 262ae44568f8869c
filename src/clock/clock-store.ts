/**
 * Where the clock's offset from real time lives, so that every app instance on one database
 * sees the same "now". The Clock reads it at start-up and then every few seconds, and writes it
 * when a test moves the clock; 0 means real time.
 *
 * A database-backed store needs one row (PostgreSQL; the SQLite version swaps the types):
 *
 *   CREATE TABLE clock_offset (
 *     id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
 *     offset_ms  bigint NOT NULL DEFAULT 0,
 *     updated_at timestamptz NOT NULL DEFAULT now()
 *   );
 *
 * read:  SELECT offset_ms FROM clock_offset WHERE id = 1   -- no row: 0
 * write: INSERT INTO clock_offset (id, offset_ms) VALUES (1, $1)
 *        ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms, updated_at = now()
 *
 * An offset (not the instant set) keeps time flowing on every instance without a shared timer;
 * the instances' own clocks are assumed to agree (NTP), as they must for timestamps anyway.
 */
export interface ClockStore {
  /** The current offset in milliseconds (0: real time). */
  read(): Promise<number>;
  write(offsetMs: number): Promise<void>;
}

export const CLOCK_STORE = Symbol('CLOCK_STORE');
