import { Foundation1732200000000 } from './1732200000000-foundation';

/** Every migration, oldest first. Append yours here (timestamped class name, raw SQL). */
export const MIGRATIONS = [Foundation1732200000000];
