/** A list's total is counted in steps of this many rows past the rows a page shows. */
export const COUNT_STEP = 1000;

/**
 * How far a list counts its total when a page shows rows up to `shownUpTo`: the next multiple of
 * {@link COUNT_STEP} at or past it. Counting stops there, so a total costs the same over a thousand
 * rows or a million; a list with more says so (`totalExact: false`) and `total` is that bound.
 * Count `bound + 1` rows to tell "exactly bound" from "more".
 */
export function countBound(shownUpTo: number): number {
  return Math.max(COUNT_STEP, Math.ceil(shownUpTo / COUNT_STEP) * COUNT_STEP);
}
