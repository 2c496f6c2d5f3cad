/**
 * The ordered half of a sorted set: an order-statistic B+ tree of (score, member) pairs, ordered by
 * score and then by member bytes. Leaves hold two parallel arrays (members, scores) and are linked
 * for range walks; branches hold their children, a lower-bound key per child and the number of
 * elements below them, so insert, delete, rank and select cost O(log n) and a range of m elements
 * O(log n + m). Arrays of a few dozen entries are much more compact in V8 than a node per element.
 */

/** Most elements in one leaf; a leaf that grows past it splits in two. */
const LEAF_CAPACITY = 128;
/** A leaf below this after a delete merges with, or borrows from, a sibling. */
const LEAF_MINIMUM = 32;
const BRANCH_CAPACITY = 64;
const BRANCH_MINIMUM = 16;
/** How full fromSorted packs its leaves, leaving room to insert without splitting at once. */
const PACKED_LEAF = 96;
const PACKED_BRANCH = 48;

export class Leaf {
  readonly isLeaf = true;
  next: Leaf | null = null;
  prev: Leaf | null = null;
  constructor(public members: string[], public scores: number[]) {}
  get size(): number {
    return this.members.length;
  }
}

class Branch {
  readonly isLeaf = false;
  constructor(
    public children: TreeNode[],
    /** keyScores[i]/keyMembers[i]: no element of child i is smaller; every element of child i-1 is. */
    public keyScores: number[],
    public keyMembers: string[],
    public size: number,
  ) {}
}

type TreeNode = Leaf | Branch;

/** Orders two elements: by score (-0 equals 0), then by member bytes. */
export function compareElements(scoreA: number, memberA: string, scoreB: number, memberB: string): number {
  if (scoreA < scoreB) return -1;
  if (scoreA > scoreB) return 1;
  return memberA < memberB ? -1 : memberA > memberB ? 1 : 0;
}

/** A test that is false for a prefix of the order and true for the rest. */
export type ElementTest = (score: number, member: string) => boolean;

function insertAt<T>(items: T[], index: number, item: T): void {
  let i = items.length;
  items.push(item);
  for (; i > index; i--) items[i] = items[i - 1]!;
  items[index] = item;
}

function removeAt<T>(items: T[], index: number): void {
  const last = items.length - 1;
  for (let i = index; i < last; i++) items[i] = items[i + 1]!;
  items.pop();
}

function firstKey(node: TreeNode): [number, string] {
  return node.isLeaf ? [node.scores[0]!, node.members[0]!] : [node.keyScores[0]!, node.keyMembers[0]!];
}

/** Where a walk stands: a leaf and an index inside it. */
export interface TreePosition {
  leaf: Leaf;
  index: number;
}

export class OrderTree {
  private root: TreeNode = new Leaf([], []);
  /** The leftmost and rightmost leaves, where walks from either end start. */
  head: Leaf;
  tail: Leaf;

  constructor() {
    this.head = this.tail = this.root as Leaf;
  }

  get size(): number {
    return this.root.size;
  }

  /** A tree holding already ordered, distinct elements, built in O(n). */
  static fromSorted(members: string[], scores: number[]): OrderTree {
    const tree = new OrderTree();
    const count = members.length;
    if (count <= LEAF_CAPACITY) {
      tree.root = tree.head = tree.tail = new Leaf(members, scores);
      return tree;
    }
    let level: TreeNode[] = [];
    const leafCount = Math.ceil(count / PACKED_LEAF);
    let previous: Leaf | null = null;
    for (let i = 0; i < leafCount; i++) {
      // Spread the elements evenly, so no leaf ends up below the minimum.
      const start = Math.floor((i * count) / leafCount);
      const end = Math.floor(((i + 1) * count) / leafCount);
      const leaf = new Leaf(members.slice(start, end), scores.slice(start, end));
      leaf.prev = previous;
      if (previous !== null) previous.next = leaf;
      previous = leaf;
      level.push(leaf);
    }
    tree.head = level[0] as Leaf;
    tree.tail = previous!;
    while (level.length > 1) {
      const groups = Math.ceil(level.length / PACKED_BRANCH);
      const upper: TreeNode[] = [];
      for (let i = 0; i < groups; i++) {
        const start = Math.floor((i * level.length) / groups);
        const end = Math.floor(((i + 1) * level.length) / groups);
        const children = level.slice(start, end);
        const keyScores: number[] = [];
        const keyMembers: string[] = [];
        let size = 0;
        for (const child of children) {
          const [score, member] = firstKey(child);
          keyScores.push(score);
          keyMembers.push(member);
          size += child.size;
        }
        upper.push(new Branch(children, keyScores, keyMembers, size));
      }
      level = upper;
    }
    tree.root = level[0]!;
    return tree;
  }

  /** The child of `branch` whose key range holds (score, member). */
  private static childFor(branch: Branch, score: number, member: string): number {
    const { keyScores, keyMembers } = branch;
    // The last child whose key is <= the element; child 0 takes anything smaller.
    let low = 1;
    let high = keyScores.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (compareElements(keyScores[middle]!, keyMembers[middle]!, score, member) <= 0) low = middle + 1;
      else high = middle - 1;
    }
    return low - 1;
  }

  /** First index in the leaf whose element is >= (score, member). */
  private static leafLowerBound(leaf: Leaf, score: number, member: string): number {
    const { scores, members } = leaf;
    let low = 0;
    let high = scores.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareElements(scores[middle]!, members[middle]!, score, member) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Adds an element that is not in the tree. */
  insert(score: number, member: string): void {
    const path: Branch[] = [];
    const slots: number[] = [];
    let node = this.root;
    while (!node.isLeaf) {
      const slot = OrderTree.childFor(node, score, member);
      node.size++;
      path.push(node);
      slots.push(slot);
      node = node.children[slot]!;
    }
    const at = OrderTree.leafLowerBound(node, score, member);
    insertAt(node.members, at, member);
    insertAt(node.scores, at, score);
    if (node.members.length > LEAF_CAPACITY) this.splitLeaf(node, path, slots);
  }

  private splitLeaf(leaf: Leaf, path: Branch[], slots: number[]): void {
    const middle = leaf.members.length >>> 1;
    const right = new Leaf(leaf.members.splice(middle), leaf.scores.splice(middle));
    right.next = leaf.next;
    right.prev = leaf;
    if (leaf.next !== null) leaf.next.prev = right;
    else this.tail = right;
    leaf.next = right;
    this.addSibling(leaf, right, right.scores[0]!, right.members[0]!, path, slots);
  }

  /** Puts `right`, just split off `left`, into the parent (the last of `path`), splitting upwards as needed. */
  private addSibling(left: TreeNode, right: TreeNode, keyScore: number, keyMember: string, path: Branch[], slots: number[]): void {
    for (;;) {
      const parent = path.pop();
      const slot = slots.pop()!;
      if (parent === undefined) {
        const [leftScore, leftMember] = left.size === 0 ? [keyScore, keyMember] : firstKey(left);
        this.root = new Branch([left, right], [leftScore, keyScore], [leftMember, keyMember], left.size + right.size);
        return;
      }
      insertAt(parent.children, slot + 1, right);
      insertAt(parent.keyScores, slot + 1, keyScore);
      insertAt(parent.keyMembers, slot + 1, keyMember);
      if (parent.children.length <= BRANCH_CAPACITY) return;
      const middle = parent.children.length >>> 1;
      const children = parent.children.splice(middle);
      let movedSize = 0;
      for (const child of children) movedSize += child.size;
      const sibling = new Branch(children, parent.keyScores.splice(middle), parent.keyMembers.splice(middle), movedSize);
      parent.size -= movedSize;
      left = parent;
      right = sibling;
      keyScore = sibling.keyScores[0]!;
      keyMember = sibling.keyMembers[0]!;
    }
  }

  /** Removes the element; answers false when it is not in the tree. */
  delete(score: number, member: string): boolean {
    const path: Branch[] = [];
    const slots: number[] = [];
    let node = this.root;
    while (!node.isLeaf) {
      const slot = OrderTree.childFor(node, score, member);
      path.push(node);
      slots.push(slot);
      node = node.children[slot]!;
    }
    const at = OrderTree.leafLowerBound(node, score, member);
    if (at >= node.members.length || node.members[at] !== member || !(node.scores[at] === score)) return false;
    for (const branch of path) branch.size--;
    removeAt(node.members, at);
    removeAt(node.scores, at);
    if (node.members.length < LEAF_MINIMUM) this.rebalance(node, path, slots);
    return true;
  }

  /** Restores the minimum fill of `node` (and then of its ancestors) after a delete. */
  private rebalance(node: TreeNode, path: Branch[], slots: number[]): void {
    for (;;) {
      const parent = path.pop();
      const slot = slots.pop()!;
      if (parent === undefined) break;
      const minimum = node.isLeaf ? LEAF_MINIMUM : BRANCH_MINIMUM;
      const fill = node.isLeaf ? node.members.length : node.children.length;
      if (fill >= minimum || parent.children.length < 2) break;
      const rightSlot = slot + 1 < parent.children.length ? slot + 1 : slot;
      const left = parent.children[rightSlot - 1]!;
      const right = parent.children[rightSlot]!;
      if (left.isLeaf) this.balanceLeaves(parent, rightSlot, left, right as Leaf);
      else this.balanceBranches(parent, rightSlot, left, right as Branch);
      node = parent;
    }
    while (!this.root.isLeaf && this.root.children.length === 1) this.root = this.root.children[0]!;
  }

  private balanceLeaves(parent: Branch, rightSlot: number, left: Leaf, right: Leaf): void {
    const total = left.members.length + right.members.length;
    if (total <= LEAF_CAPACITY) {
      for (let i = 0; i < right.members.length; i++) {
        left.members.push(right.members[i]!);
        left.scores.push(right.scores[i]!);
      }
      left.next = right.next;
      if (right.next !== null) right.next.prev = left;
      else this.tail = left;
      removeAt(parent.children, rightSlot);
      removeAt(parent.keyScores, rightSlot);
      removeAt(parent.keyMembers, rightSlot);
      return;
    }
    const leftTarget = total >>> 1;
    if (left.members.length < leftTarget) {
      const moved = leftTarget - left.members.length;
      const members = right.members.splice(0, moved);
      const scores = right.scores.splice(0, moved);
      for (let i = 0; i < moved; i++) {
        left.members.push(members[i]!);
        left.scores.push(scores[i]!);
      }
    } else {
      const members = left.members.splice(leftTarget);
      const scores = left.scores.splice(leftTarget);
      right.members = members.concat(right.members);
      right.scores = scores.concat(right.scores);
    }
    parent.keyScores[rightSlot] = right.scores[0]!;
    parent.keyMembers[rightSlot] = right.members[0]!;
  }

  private balanceBranches(parent: Branch, rightSlot: number, left: Branch, right: Branch): void {
    // The parent's key is the exact lower bound of `right`; its own first key may be looser.
    right.keyScores[0] = parent.keyScores[rightSlot]!;
    right.keyMembers[0] = parent.keyMembers[rightSlot]!;
    const total = left.children.length + right.children.length;
    if (total <= BRANCH_CAPACITY) {
      for (let i = 0; i < right.children.length; i++) {
        left.children.push(right.children[i]!);
        left.keyScores.push(right.keyScores[i]!);
        left.keyMembers.push(right.keyMembers[i]!);
      }
      left.size += right.size;
      removeAt(parent.children, rightSlot);
      removeAt(parent.keyScores, rightSlot);
      removeAt(parent.keyMembers, rightSlot);
      return;
    }
    const leftTarget = total >>> 1;
    let movedSize = 0;
    if (left.children.length < leftTarget) {
      const moved = leftTarget - left.children.length;
      const children = right.children.splice(0, moved);
      const keyScores = right.keyScores.splice(0, moved);
      const keyMembers = right.keyMembers.splice(0, moved);
      for (let i = 0; i < moved; i++) {
        left.children.push(children[i]!);
        left.keyScores.push(keyScores[i]!);
        left.keyMembers.push(keyMembers[i]!);
        movedSize += children[i]!.size;
      }
      left.size += movedSize;
      right.size -= movedSize;
    } else {
      const children = left.children.splice(leftTarget);
      for (const child of children) movedSize += child.size;
      right.children = children.concat(right.children);
      right.keyScores = left.keyScores.splice(leftTarget).concat(right.keyScores);
      right.keyMembers = left.keyMembers.splice(leftTarget).concat(right.keyMembers);
      left.size -= movedSize;
      right.size += movedSize;
    }
    parent.keyScores[rightSlot] = right.keyScores[0]!;
    parent.keyMembers[rightSlot] = right.keyMembers[0]!;
  }

  /**
   * How many elements fail `test`, a test that fails for a prefix of the order and holds for the
   * rest: the rank of the first element that passes (size when none does).
   */
  countBefore(test: ElementTest): number {
    let node = this.root;
    let rank = 0;
    while (!node.isLeaf) {
      const { keyScores, keyMembers, children } = node;
      let low = 1;
      let high = keyScores.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        if (test(keyScores[middle]!, keyMembers[middle]!)) high = middle - 1;
        else low = middle + 1;
      }
      const slot = low - 1;
      for (let i = 0; i < slot; i++) rank += children[i]!.size;
      node = children[slot]!;
    }
    const { scores, members } = node;
    let low = 0;
    let high = scores.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (test(scores[middle]!, members[middle]!)) high = middle;
      else low = middle + 1;
    }
    return rank + low;
  }

  /** The rank of (score, member), or -1 when that element is not in the tree. */
  rankOf(score: number, member: string): number {
    let node = this.root;
    let rank = 0;
    while (!node.isLeaf) {
      const slot = OrderTree.childFor(node, score, member);
      for (let i = 0; i < slot; i++) rank += node.children[i]!.size;
      node = node.children[slot]!;
    }
    const at = OrderTree.leafLowerBound(node, score, member);
    return at < node.members.length && node.members[at] === member ? rank + at : -1;
  }

  /** The leaf and index of the element at `rank` (0 <= rank < size). */
  positionAt(rank: number): TreePosition {
    let node = this.root;
    while (!node.isLeaf) {
      const children = node.children;
      let slot = 0;
      while (slot < children.length - 1 && rank >= children[slot]!.size) rank -= children[slot++]!.size;
      node = children[slot]!;
    }
    return { leaf: node, index: rank };
  }

  /**
   * Visits elements from `rank` on, towards the end (or the start when `reverse`), while `visit`
   * answers true and elements remain.
   */
  walk(rank: number, reverse: boolean, visit: (member: string, score: number) => boolean): void {
    if (rank < 0 || rank >= this.size) return;
    let { leaf, index } = this.positionAt(rank);
    let current: Leaf | null = leaf;
    if (!reverse) {
      while (current !== null) {
        const { members, scores } = current;
        for (; index < members.length; index++) if (!visit(members[index]!, scores[index]!)) return;
        current = current.next;
        index = 0;
      }
    } else {
      while (current !== null) {
        const { members, scores } = current;
        for (; index >= 0; index--) if (!visit(members[index]!, scores[index]!)) return;
        current = current.prev;
        if (current !== null) index = current.members.length - 1;
      }
    }
  }

  /** Every element in order. */
  *entries(): IterableIterator<[string, number]> {
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) yield [leaf.members[i]!, leaf.scores[i]!];
    }
  }

  /** The members and scores in order, as two new arrays. */
  toArrays(): { members: string[]; scores: number[] } {
    const members: string[] = [];
    const scores: number[] = [];
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = 0; i < leaf.members.length; i++) {
        members.push(leaf.members[i]!);
        scores.push(leaf.scores[i]!);
      }
    }
    return { members, scores };
  }

  clone(): OrderTree {
    const { members, scores } = this.toArrays();
    return OrderTree.fromSorted(members, scores);
  }

  /** Checks every structural invariant (tests only). Throws on the first violation. */
  verify(): void {
    let leaves = 0;
    const check = (node: TreeNode, lowScore: number, lowMember: string | null, isRoot: boolean): number => {
      if (node.isLeaf) {
        leaves++;
        if (!isRoot && node.members.length < 1) throw new Error('empty leaf');
        if (node.members.length > LEAF_CAPACITY) throw new Error('leaf over capacity');
        for (let i = 0; i < node.members.length; i++) {
          if (lowMember !== null && compareElements(node.scores[i]!, node.members[i]!, lowScore, lowMember) < 0) throw new Error('element below its key');
          if (i > 0 && compareElements(node.scores[i - 1]!, node.members[i - 1]!, node.scores[i]!, node.members[i]!) >= 0) throw new Error('leaf out of order');
        }
        return node.members.length;
      }
      if (node.children.length > BRANCH_CAPACITY || node.children.length < (isRoot ? 2 : 1)) throw new Error('branch fill');
      let size = 0;
      for (let i = 0; i < node.children.length; i++) {
        const childLowMember = i === 0 ? lowMember : node.keyMembers[i]!;
        const childLowScore = i === 0 ? lowScore : node.keyScores[i]!;
        size += check(node.children[i]!, childLowScore, childLowMember, false);
        if (i + 1 < node.children.length) {
          const child = node.children[i]!;
          const last = lastElement(child);
          if (last !== undefined && compareElements(last[0], last[1], node.keyScores[i + 1]!, node.keyMembers[i + 1]!) >= 0) throw new Error('element above the next key');
        }
      }
      if (size !== node.size) throw new Error(`branch size ${node.size} != ${size}`);
      return size;
    };
    check(this.root, 0, null, true);
    let linked = 0;
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) linked++;
    if (linked !== leaves) throw new Error('leaf links broken');
  }
}

function lastElement(node: TreeNode): [number, string] | undefined {
  while (!node.isLeaf) node = node.children[node.children.length - 1]!;
  const last = node.members.length - 1;
  return last < 0 ? undefined : [node.scores[last]!, node.members[last]!];
}
