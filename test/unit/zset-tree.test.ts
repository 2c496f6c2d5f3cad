import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderTree, compareElements } from '../../src/engine/types/zset-tree.js';
import { seededRandom } from '../helpers/seeded-random.js';

// The sorted set's B+ tree against a plain sorted array, through random inserts and deletes
// large enough to split, merge and rebalance leaves and branches at several levels.

interface Element { score: number; member: string }

function sortedInsert(model: Element[], element: Element): void {
  let low = 0;
  let high = model.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareElements(model[middle]!.score, model[middle]!.member, element.score, element.member) < 0) low = middle + 1;
    else high = middle;
  }
  model.splice(low, 0, element);
}

test('order tree: random inserts and deletes keep order, ranks and links', () => {
  const random = seededRandom();
  console.log(`# zset tree seed: ${random.seed}`);
  const tree = new OrderTree();
  const model: Element[] = [];
  const present = new Map<string, number>();
  for (let round = 0; round < 60_000; round++) {
    // Grow to ~20k, then shrink: every rebalancing path runs.
    const growing = round < 30_000 ? random.next() < 0.75 : random.next() < 0.3;
    if (growing || model.length === 0) {
      const member = `m${random.below(40_000)}`;
      if (present.has(member)) continue;
      const score = random.below(50) - 25 + (random.next() < 0.3 ? 0.5 : 0);
      tree.insert(score, member);
      present.set(member, score);
      sortedInsert(model, { score, member });
    } else {
      const index = random.below(model.length);
      const { score, member } = model[index]!;
      assert.equal(tree.delete(score, member), true);
      assert.equal(tree.delete(score, member), false);
      model.splice(index, 1);
      present.delete(member);
    }
    if (round % 5000 === 0) tree.verify();
  }
  tree.verify();
  assert.equal(tree.size, model.length);
  const all = [...tree.entries()];
  assert.deepEqual(all.map(([m]) => m), model.map((e) => e.member));
  for (let i = 0; i < model.length; i += 97) {
    const { score, member } = model[i]!;
    assert.equal(tree.rankOf(score, member), i);
    const { leaf, index } = tree.positionAt(i);
    assert.equal(leaf.members[index], member);
    assert.equal(tree.countBefore((s) => s >= score), model.findIndex((e) => e.score >= score));
  }
  // Down to nothing.
  for (const { score, member } of [...model]) tree.delete(score, member);
  tree.verify();
  assert.equal(tree.size, 0);
});

test('order tree: fromSorted builds a valid tree of any size', () => {
  for (const count of [0, 1, 127, 128, 129, 1000, 50_000]) {
    const members = Array.from({ length: count }, (_, i) => `m${String(i).padStart(6, '0')}`);
    const scores = members.map(() => 1);
    const tree = OrderTree.fromSorted(members.slice(), scores.slice());
    tree.verify();
    assert.equal(tree.size, count);
    if (count > 0) assert.equal(tree.rankOf(1, members[count >> 1]!), count >> 1);
    for (let i = 0; i < count; i += 3) tree.delete(1, members[i]!);
    tree.verify();
  }
});
