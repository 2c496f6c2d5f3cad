/**
 * Distinct random positions in [0, size), for the "count" forms of SRANDMEMBER, SPOP and
 * HRANDFIELD: uniform over all subsets of that many positions, in O(count) expected time when
 * count is small next to size and O(size) otherwise, as Redis's own strategies are.
 */
export function distinctRandomIndices(size: number, count: number): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  if (count * 3 > size) {
    // Most positions are wanted: a partial Fisher-Yates shuffle of all of them.
    const all = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const picked = all[j]!;
      all[j] = all[i]!;
      all[i] = picked;
    }
    all.length = count;
    return all;
  }
  // Few positions out of many: draw until enough distinct ones came up.
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(Math.random() * size));
  return [...chosen];
}
