/**
 * The two sorts Redis applies to GEO results, reproduced step by step because points at the same
 * distance (several members at one spot, or one cell centre) come out in whatever order the sort
 * leaves them: a full sort goes through glibc's qsort, a top-down merge sort (stable); a COUNT
 * smaller than the number of matches goes through Redis 7.0's partial quicksort (Bentley-McIlroy
 * with three-way partitioning and no insertion-sort shortcut after a swap-free pass, recursing only
 * into the parts that overlap the wanted ranks).
 */

export type Compare<T> = (a: T, b: T) => number;

/** glibc's merge sort: halves of n/2 and n - n/2, merged taking from the left while <= 0. */
export function mergeSort<T>(items: T[], compare: Compare<T>): void {
  const scratch: T[] = new Array<T>(items.length);
  sortRange(items, scratch, 0, items.length, compare);
}

function sortRange<T>(items: T[], scratch: T[], start: number, count: number, compare: Compare<T>): void {
  if (count <= 1) return;
  const leftCount = count >>> 1;
  sortRange(items, scratch, start, leftCount, compare);
  sortRange(items, scratch, start + leftCount, count - leftCount, compare);
  let left = start;
  const leftEnd = start + leftCount;
  let right = leftEnd;
  const rightEnd = start + count;
  let out = 0;
  while (left < leftEnd && right < rightEnd) {
    if (compare(items[left]!, items[right]!) <= 0) scratch[out++] = items[left++]!;
    else scratch[out++] = items[right++]!;
  }
  while (left < leftEnd) scratch[out++] = items[left++]!;
  // What is left on the right is already in place.
  for (let i = 0; i < out; i++) items[start + i] = scratch[i]!;
}

function swap<T>(items: T[], i: number, j: number): void {
  const held = items[i]!;
  items[i] = items[j]!;
  items[j] = held;
}

/** Swaps the blocks [i, i + count) and [j, j + count) element by element. */
function swapBlocks<T>(items: T[], i: number, j: number, count: number): void {
  for (let k = 0; k < count; k++) swap(items, i + k, j + k);
}

function medianOfThree<T>(items: T[], a: number, b: number, c: number, compare: Compare<T>): number {
  return compare(items[a]!, items[b]!) < 0
    ? (compare(items[b]!, items[c]!) < 0 ? b : compare(items[a]!, items[c]!) < 0 ? c : a)
    : (compare(items[b]!, items[c]!) > 0 ? b : compare(items[a]!, items[c]!) < 0 ? a : c);
}

function insertionSort<T>(items: T[], start: number, count: number, compare: Compare<T>): void {
  for (let m = start + 1; m < start + count; m++) {
    for (let l = m; l > start && compare(items[l - 1]!, items[l]!) > 0; l--) swap(items, l, l - 1);
  }
}

/** True when the ranks [first, last] and the wanted ranks [wantedFirst, wantedLast] do not overlap. */
function outsideWanted(first: number, last: number, wantedFirst: number, wantedLast: number): boolean {
  return (wantedFirst < first && wantedLast < first) || (wantedFirst > last && wantedLast > last);
}

/**
 * Redis's pqsort: sorts enough of `items` that ranks wantedFirst..wantedLast (inclusive) hold the
 * right elements in order; the other ranks end up partitioned around them.
 */
export function partialSort<T>(items: T[], compare: Compare<T>, wantedFirst: number, wantedLast: number): void {
  partialSortRange(items, 0, items.length, compare, wantedFirst, wantedLast);
}

function partialSortRange<T>(items: T[], start: number, count: number, compare: Compare<T>, wantedFirst: number, wantedLast: number): void {
  for (;;) {
    if (count < 7) {
      insertionSort(items, start, count, compare);
      return;
    }
    let middle = start + Math.floor(count / 2);
    if (count > 7) {
      let low = start;
      let high = start + count - 1;
      if (count > 40) {
        const spacing = Math.floor(count / 8);
        low = medianOfThree(items, low, low + spacing, low + 2 * spacing, compare);
        middle = medianOfThree(items, middle - spacing, middle, middle + spacing, compare);
        high = medianOfThree(items, high - 2 * spacing, high - spacing, high, compare);
      }
      middle = medianOfThree(items, low, middle, high, compare);
    }
    swap(items, start, middle);
    // Three-way partition around the pivot at `start`: equal elements gather at both ends first.
    let equalLow = start + 1;
    let scanLow = equalLow;
    let scanHigh = start + count - 1;
    let equalHigh = scanHigh;
    for (;;) {
      let order: number;
      while (scanLow <= scanHigh && (order = compare(items[scanLow]!, items[start]!)) <= 0) {
        if (order === 0) {
          swap(items, equalLow, scanLow);
          equalLow++;
        }
        scanLow++;
      }
      while (scanLow <= scanHigh && (order = compare(items[scanHigh]!, items[start]!)) >= 0) {
        if (order === 0) {
          swap(items, scanHigh, equalHigh);
          equalHigh--;
        }
        scanHigh--;
      }
      if (scanLow > scanHigh) break;
      swap(items, scanLow, scanHigh);
      scanLow++;
      scanHigh--;
    }
    const end = start + count;
    let size = Math.min(equalLow - start, scanLow - equalLow);
    swapBlocks(items, start, scanLow - size, size);
    size = Math.min(equalHigh - scanHigh, end - equalHigh - 1);
    swapBlocks(items, scanLow, end - size, size);
    const lessCount = scanLow - equalLow;
    if (lessCount > 1 && !outsideWanted(start, start + lessCount - 1, wantedFirst, wantedLast)) {
      partialSortRange(items, start, lessCount, compare, wantedFirst, wantedLast);
    }
    const greaterCount = equalHigh - scanHigh;
    if (greaterCount <= 1) return;
    start = end - greaterCount;
    count = greaterCount;
    if (outsideWanted(start, start + count - 1, wantedFirst, wantedLast)) return;
  }
}
