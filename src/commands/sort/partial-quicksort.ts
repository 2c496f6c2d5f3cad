/**
 * The partial quicksort Redis's SORT uses when BY and LIMIT come together: Bentley and McIlroy's
 * three-way quicksort ("Engineering a Sort Function", 1993) that skips every partition lying
 * wholly outside the wanted positions. It is not stable, so elements that compare equal (ALPHA
 * weights that are missing or equal) end up in an order only this exact algorithm reproduces;
 * hence the faithful partitioning, pivot choice and insertion-sort cutoff.
 */

type Compare<T> = (a: T, b: T) => number;

/** Sorts `items` so that positions `first`..`last` (inclusive) hold what a full sort would put there. */
export function partialQuicksort<T>(items: T[], compare: Compare<T>, first: number, last: number): void {
  sortRange(items, compare, 0, items.length, first, last);
}

function swap<T>(items: T[], i: number, j: number): void {
  const held = items[i]!;
  items[i] = items[j]!;
  items[j] = held;
}

/** Swaps `count` elements pairwise, from the front, as the paper's vecswap does. */
function swapRuns<T>(items: T[], i: number, j: number, count: number): void {
  for (let k = 0; k < count; k++) swap(items, i + k, j + k);
}

function medianOfThree<T>(items: T[], compare: Compare<T>, a: number, b: number, c: number): number {
  const x = items[a]!;
  const y = items[b]!;
  const z = items[c]!;
  if (compare(x, y) < 0) return compare(y, z) < 0 ? b : compare(x, z) < 0 ? c : a;
  return compare(y, z) > 0 ? b : compare(x, z) < 0 ? a : c;
}

/** True when the partition [start, end] overlaps the wanted positions [first, last]. */
function overlaps(start: number, end: number, first: number, last: number): boolean {
  return !((first < start && last < start) || (first > end && last > end));
}

function sortRange<T>(items: T[], compare: Compare<T>, base: number, count: number, first: number, last: number): void {
  for (;;) {
    if (count < 7) {
      for (let i = base + 1; i < base + count; i++) {
        for (let j = i; j > base && compare(items[j - 1]!, items[j]!) > 0; j--) swap(items, j, j - 1);
      }
      return;
    }
    let pivot = base + Math.floor(count / 2);
    if (count > 7) {
      let low = base;
      let high = base + count - 1;
      if (count > 40) {
        const step = Math.floor(count / 8);
        low = medianOfThree(items, compare, low, low + step, low + 2 * step);
        pivot = medianOfThree(items, compare, pivot - step, pivot, pivot + step);
        high = medianOfThree(items, compare, high - 2 * step, high - step, high);
      }
      pivot = medianOfThree(items, compare, low, pivot, high);
    }
    swap(items, base, pivot);
    // Elements equal to the pivot gather at both ends ([base+1, a) and (d, end]) during the scan.
    let a = base + 1;
    let b = a;
    let c = base + count - 1;
    let d = c;
    for (;;) {
      let order: number;
      while (b <= c && (order = compare(items[b]!, items[base]!)) <= 0) {
        if (order === 0) swap(items, a++, b);
        b++;
      }
      while (b <= c && (order = compare(items[c]!, items[base]!)) >= 0) {
        if (order === 0) swap(items, c, d--);
        c--;
      }
      if (b > c) break;
      swap(items, b++, c--);
    }
    const end = base + count;
    let moved = Math.min(a - base, b - a);
    swapRuns(items, base, b - moved, moved);
    moved = Math.min(d - c, end - d - 1);
    swapRuns(items, b, end - moved, moved);
    const smaller = b - a;
    if (smaller > 1 && overlaps(base, base + smaller - 1, first, last)) {
      sortRange(items, compare, base, smaller, first, last);
    }
    const larger = d - c;
    if (larger <= 1) return;
    base = end - larger;
    count = larger;
    if (!overlaps(base, base + count - 1, first, last)) return;
  }
}
