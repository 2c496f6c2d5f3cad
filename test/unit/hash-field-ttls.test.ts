import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashValue } from '../../src/engine/types/hash.js';
import { seededRandom } from '../helpers/seeded-random.js';

// Random operations on a hash with field TTLs against a plain model (field -> value, deadline),
// in both encodings and across the conversion: the fields, values and deadlines must agree, the
// earliest deadline must be the model's, expiry must take exactly the due fields, and a compact
// hash must keep Redis's listpackex order (TTL fields first, by deadline, then the others).

interface Entry {
  value: string;
  deadline: number;
}

function checkAgainstModel(hash: HashValue, model: Map<string, Entry>, context: string): void {
  const pairs = hash.pairs();
  assert.equal(hash.size, model.size, `${context}: size`);
  const seen = new Set<string>();
  for (let i = 0; i < pairs.length; i += 2) {
    const field = pairs[i]!;
    const entry = model.get(field);
    assert.ok(entry !== undefined && !seen.has(field), `${context}: unexpected or repeated field ${field}`);
    seen.add(field);
    assert.equal(pairs[i + 1], entry.value, `${context}: value of ${field}`);
    assert.equal(hash.fieldDeadline(field), entry.deadline, `${context}: deadline of ${field}`);
  }
  let earliest = Infinity;
  for (const entry of model.values()) if (entry.deadline !== 0) earliest = Math.min(earliest, entry.deadline);
  assert.equal(hash.nextFieldDeadline(), earliest, `${context}: earliest deadline`);
  if (hash.isCompact && hash.tracksFieldTtls) {
    const deadlines = [];
    for (let i = 0; i < pairs.length; i += 2) deadlines.push(model.get(pairs[i]!)!.deadline);
    const withTtl = deadlines.filter((deadline) => deadline !== 0);
    assert.deepEqual(deadlines.slice(0, withTtl.length), [...withTtl].sort((a, b) => a - b), `${context}: listpackex order`);
  }
}

test('hash field TTLs agree with a plain model under random operations', () => {
  const random = seededRandom();
  console.log(`# hash field TTL model seed: ${random.seed}`);
  for (let round = 0; round < 60; round++) {
    const limits = { hashMaxListpackEntries: 1 + random.below(40), hashMaxListpackValue: 64 };
    const hash = new HashValue();
    const model = new Map<string, Entry>();
    let now = 1000;
    for (let step = 0; step < 400; step++) {
      const field = `f${random.below(60)}`;
      const context = `seed ${random.seed} round ${round} step ${step}`;
      const operation = random.below(10);
      if (operation <= 2) {
        const value = random.below(50) === 0 ? 'x'.repeat(65) : `v${step}`;
        const keepTtl = random.below(3) === 0;
        const isNew = hash.set(field, value, limits, keepTtl);
        assert.equal(isNew, !model.has(field), `${context}: set answers whether the field is new`);
        const previous = model.get(field);
        model.set(field, { value, deadline: keepTtl && previous ? previous.deadline : 0 });
      } else if (operation === 3) {
        assert.equal(hash.delete(field), model.delete(field), `${context}: delete`);
      } else if (operation <= 6) {
        hash.enableFieldTtls();
        if (model.has(field)) {
          const deadline = now + 1 + random.below(30);
          hash.setFieldDeadline(field, deadline);
          model.get(field)!.deadline = deadline;
        }
      } else if (operation === 7) {
        const entry = model.get(field);
        const hadTtl = entry !== undefined && entry.deadline !== 0;
        assert.equal(hash.persistField(field), hadTtl, `${context}: persist`);
        if (entry) entry.deadline = 0;
      } else {
        now += random.below(6);
        const limit = random.below(2) === 0 ? Infinity : 1 + random.below(3);
        const due = [...model].filter(([, entry]) => entry.deadline !== 0 && entry.deadline < now)
          .sort((a, b) => a[1].deadline - b[1].deadline);
        const expired = hash.expireFields(now, limit);
        assert.equal(expired, Math.min(limit, due.length), `${context}: expired count`);
        // Which of several fields due at the same moment go first is not specified.
        const remaining = due.length - expired;
        for (const [name] of due) {
          if (hash.fieldDeadline(name) === undefined) model.delete(name);
        }
        assert.equal([...model.values()].filter((entry) => entry.deadline !== 0 && entry.deadline < now).length, remaining, `${context}: due fields left`);
      }
      checkAgainstModel(hash, model, context);
      const copy = hash.clone();
      checkAgainstModel(copy, model, `${context} (clone)`);
    }
  }
});
