/**
 * How many nodes Redis's radix tree (rax) has when it holds a set of 16-byte keys, as XINFO
 * STREAM's radix-tree-nodes reports for the keys of a stream's listpack nodes. Rax keeps a
 * compressed trie: a branching node per point where keys diverge, one node per child of a
 * branch, single-child chains squeezed into one compressed node, and a node per key at the end.
 * That shape depends only on the set of keys, so it can be counted from the sorted keys.
 */

const KEY_LENGTH = 16;

function commonPrefix(a: Uint8Array, b: Uint8Array, from: number): number {
  let i = from;
  while (i < KEY_LENGTH && a[i] === b[i]) i++;
  return i;
}

/** Nodes under a branch at `depth` holding keys[low..high]: the branch and its children. */
function branchNodes(keys: readonly Uint8Array[], low: number, high: number, depth: number): number {
  let total = 1;
  let start = low;
  while (start <= high) {
    const byte = keys[start]![depth];
    let end = start;
    while (end < high && keys[end + 1]![depth] === byte) end++;
    total += subtreeNodes(keys, start, end, depth + 1);
    start = end + 1;
  }
  return total;
}

/** Nodes of the subtree starting with a node at `depth` that holds keys[low..high]. */
function subtreeNodes(keys: readonly Uint8Array[], low: number, high: number, depth: number): number {
  if (low === high) return depth === KEY_LENGTH ? 1 : 2;
  const diverge = commonPrefix(keys[low]!, keys[high]!, depth);
  return diverge > depth ? 1 + branchNodes(keys, low, high, diverge) : branchNodes(keys, low, high, depth);
}

/** Node count of a rax holding `sortedKeys` (ascending, distinct); an empty rax has its root. */
export function radixTreeNodeCount(sortedKeys: readonly Uint8Array[]): number {
  if (sortedKeys.length === 0) return 1;
  return subtreeNodes(sortedKeys, 0, sortedKeys.length - 1, 0);
}
