/**
 * SINTER, SUNION and SDIFF over sets already looked up (undefined: a missing key, an empty set).
 * The results follow Redis 7.0 in what is observable: intersections come out in the iteration
 * order of the smallest set; unions and differences are built into a fresh set that starts as an
 * intset (so integer results come out sorted), with SDIFF adding and removing the way Redis's
 * cheaper algorithm for the input does, since that decides the result's encoding.
 */
import { SetValue } from '../../engine/types/set.js';

/**
 * Members of the intersection, in the smallest set's iteration order; with `limit` > 0 stops
 * once that many are found.
 */
export function intersectMembers(sets: ReadonlyArray<SetValue | undefined>, limit = 0): string[] {
  if (sets.some((set) => set === undefined || set.size === 0)) return [];
  // A stable sort by size, as Redis's qsort of the sets by cardinality.
  const bySize = (sets as SetValue[]).slice().sort((a, b) => a.size - b.size);
  const smallest = bySize[0]!;
  const found: string[] = [];
  for (let i = 0; i < smallest.size; i++) {
    const member = smallest.memberAt(i);
    let inAll = true;
    for (let j = 1; j < bySize.length; j++) {
      const other = bySize[j]!;
      if (other !== smallest && !other.has(member)) {
        inAll = false;
        break;
      }
    }
    if (inAll) {
      found.push(member);
      if (limit > 0 && found.length >= limit) break;
    }
  }
  return found;
}

/** A new set holding `members` (intset while they allow it). */
export function setOf(members: readonly string[], maxIntsetEntries: number): SetValue {
  const result = new SetValue();
  for (const member of members) result.add(member, maxIntsetEntries);
  return result;
}

export function unionSet(sets: ReadonlyArray<SetValue | undefined>, maxIntsetEntries: number): SetValue {
  const result = new SetValue();
  for (const set of sets) {
    if (set === undefined) continue;
    for (let i = 0; i < set.size; i++) result.add(set.memberAt(i), maxIntsetEntries);
  }
  return result;
}

export function differenceSet(sets: ReadonlyArray<SetValue | undefined>, maxIntsetEntries: number): SetValue {
  const result = new SetValue();
  const first = sets[0];
  if (first === undefined || sets.some((set, index) => index > 0 && set === first)) return result;
  // Redis picks the algorithm with less work: one checks each member of the first set against
  // the others, the other copies the first set whole and then removes the others' members.
  let checkEachWork = 0;
  let copyAndRemoveWork = 0;
  for (const set of sets) {
    if (set === undefined) continue;
    checkEachWork += first.size;
    copyAndRemoveWork += set.size;
  }
  if (Math.floor(checkEachWork / 2) <= copyAndRemoveWork) {
    const others = sets.slice(1).filter((set): set is SetValue => set !== undefined);
    for (let i = 0; i < first.size; i++) {
      const member = first.memberAt(i);
      let elsewhere = false;
      for (const other of others) {
        if (other.has(member)) {
          elsewhere = true;
          break;
        }
      }
      if (!elsewhere) result.add(member, maxIntsetEntries);
    }
    return result;
  }
  for (let i = 0; i < first.size; i++) result.add(first.memberAt(i), maxIntsetEntries);
  for (let j = 1; j < sets.length && result.size > 0; j++) {
    const set = sets[j];
    if (set === undefined) continue;
    for (let i = 0; i < set.size && result.size > 0; i++) result.delete(set.memberAt(i));
  }
  return result;
}
