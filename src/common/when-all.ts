/**
 * Like Promise.all, but rejects only once every promise has settled, with the first failure in
 * argument order. For statements sent together inside one unit of work: none of them may still be
 * running (and deferring writes) after the unit has failed and its writes were discarded.
 */
export async function whenAll<T extends readonly unknown[] | []>(values: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const settled = await Promise.allSettled(values);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}
