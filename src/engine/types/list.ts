/**
 * The list value: a growable circular buffer of binary strings. Pushes and pops at either end and
 * access by index are O(1) (amortised over the doublings); edits in the middle shift the shorter
 * side, so they cost O(min(i, n - i)) like a quicklist's. Redis 7.0 stores every list as a
 * quicklist, so that is the only encoding OBJECT ENCODING reports.
 */

import type { BoxedValue } from '../values.js';
import { listpackEntryBytes, redisAllocation } from './redis-sizes.js';

const MIN_CAPACITY = 8;

/** Which end of a list: LEFT is the head, RIGHT the tail. */
export type ListEnd = 'left' | 'right';

/** Redis's quicklist layout, for MEMORY USAGE: robj, quicklist and quicklistNode structs. */
const OBJECT_BYTES = 16;
const QUICKLIST_BYTES = 40;
const QUICKLIST_NODE_BYTES = 40;
/** list-max-listpack-size -2: a node's listpack stays within 8 KB. */
const NODE_MAX_BYTES = 8192;
const EMPTY_LISTPACK_BYTES = 7;
/** MEMORY USAGE looks at this many nodes by default and extrapolates. */
const DEFAULT_SAMPLE_NODES = 5;
/** Up to this many elements, MEMORY USAGE lays out every node; beyond, it estimates. */
const EXACT_LAYOUT_LIMIT = 65536;
const LAYOUT_SAMPLE_SIZE = 1024;

/** A packed array of `capacity` slots (V8 keeps `new Array(n)` of huge n as a slow dictionary). */
function allocate(capacity: number): string[] {
  const slots: string[] = [];
  for (let i = 0; i < capacity; i++) slots.push('');
  return slots;
}

export class ListValue implements BoxedValue {
  readonly type = 'list' as const;
  /** Slots; a power-of-two capacity, empty ones hold '' so the array stays packed strings. */
  private slots: string[];
  private mask: number;
  /** Slot of the first element. */
  private head = 0;
  private count = 0;
  /** Which end the list mostly grew at, for MEMORY USAGE's node layout. */
  private leftPushes = 0;
  private rightPushes = 0;

  constructor(capacity = MIN_CAPACITY) {
    let size = MIN_CAPACITY;
    while (size < capacity) size *= 2;
    this.slots = allocate(size);
    this.mask = size - 1;
  }

  static from(items: Iterable<string>): ListValue {
    const list = new ListValue();
    for (const item of items) list.pushRight(item);
    return list;
  }

  get length(): number {
    return this.count;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    const copy = new ListValue(this.count);
    for (let i = 0; i < this.count; i++) copy.slots[i] = this.slots[(this.head + i) & this.mask]!;
    copy.count = this.count;
    copy.leftPushes = this.leftPushes;
    copy.rightPushes = this.rightPushes;
    return copy;
  }

  /** Moves the elements into a buffer of `capacity` slots, the first at slot 0. */
  private resize(capacity: number): void {
    const next = allocate(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.slots[(this.head + i) & this.mask]!;
    this.slots = next;
    this.mask = capacity - 1;
    this.head = 0;
  }

  private growForOne(): void {
    if (this.count === this.slots.length) this.resize(this.slots.length * 2);
  }

  /** Gives memory back once the list has shrunk to a quarter of its buffer. */
  private shrinkIfSparse(): void {
    const capacity = this.slots.length;
    if (capacity > MIN_CAPACITY && this.count <= capacity / 4) {
      let size = capacity;
      while (size > MIN_CAPACITY && this.count <= size / 4) size /= 2;
      this.resize(size);
    }
  }

  /** The element at `index` (0 <= index < length). */
  at(index: number): string {
    return this.slots[(this.head + index) & this.mask]!;
  }

  /** Replaces the element at `index` (0 <= index < length). */
  setAt(index: number, value: string): void {
    this.slots[(this.head + index) & this.mask] = value;
  }

  pushLeft(value: string): void {
    this.leftPushes++;
    this.growForOne();
    this.head = (this.head - 1) & this.mask;
    this.slots[this.head] = value;
    this.count++;
  }

  pushRight(value: string): void {
    this.rightPushes++;
    this.growForOne();
    this.slots[(this.head + this.count) & this.mask] = value;
    this.count++;
  }

  push(value: string, end: ListEnd): void {
    if (end === 'left') this.pushLeft(value);
    else this.pushRight(value);
  }

  /** Removes and returns the first element; the list must not be empty. */
  popLeft(): string {
    const value = this.slots[this.head]!;
    this.slots[this.head] = '';
    this.head = (this.head + 1) & this.mask;
    this.count--;
    this.shrinkIfSparse();
    return value;
  }

  /** Removes and returns the last element; the list must not be empty. */
  popRight(): string {
    const slot = (this.head + this.count - 1) & this.mask;
    const value = this.slots[slot]!;
    this.slots[slot] = '';
    this.count--;
    this.shrinkIfSparse();
    return value;
  }

  pop(end: ListEnd): string {
    return end === 'left' ? this.popLeft() : this.popRight();
  }

  /** Elements `start`..`end` inclusive (0 <= start <= end < length), head to tail. */
  range(start: number, end: number): string[] {
    const out: string[] = [];
    for (let i = start; i <= end; i++) out.push(this.slots[(this.head + i) & this.mask]!);
    return out;
  }

  /**
   * Inserts `value` so it ends up at `index` (0 <= index <= length), moving the elements on the
   * side nearer to an end by one slot.
   */
  insertAt(index: number, value: string): void {
    if (index === 0) return this.pushLeft(value);
    if (index === this.count) return this.pushRight(value);
    this.growForOne();
    const { slots, mask } = this;
    if (index < this.count - index) {
      this.head = (this.head - 1) & mask;
      for (let i = 0; i < index; i++) slots[(this.head + i) & mask] = slots[(this.head + i + 1) & mask]!;
    } else {
      for (let i = this.count; i > index; i--) slots[(this.head + i) & mask] = slots[(this.head + i - 1) & mask]!;
    }
    slots[(this.head + index) & mask] = value;
    this.count++;
  }

  /** Drops `dropLeft` elements from the head and `dropRight` from the tail (LTRIM). */
  trim(dropLeft: number, dropRight: number): void {
    const drop = Math.min(this.count, dropLeft + dropRight);
    if (drop === this.count) {
      this.clearAll();
      return;
    }
    for (let i = 0; i < dropLeft; i++) this.slots[(this.head + i) & this.mask] = '';
    for (let i = this.count - dropRight; i < this.count; i++) this.slots[(this.head + i) & this.mask] = '';
    this.head = (this.head + dropLeft) & this.mask;
    this.count -= drop;
    this.shrinkIfSparse();
  }

  private clearAll(): void {
    this.slots = allocate(MIN_CAPACITY);
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.count = 0;
  }

  /**
   * Removes elements equal to `value` (LREM): up to `limit` of them (0 = all), the first ones
   * when `fromTail` is false, the last ones when it is true. Returns how many went.
   */
  removeMatching(value: string, limit: number, fromTail: boolean): number {
    const { slots, mask, count } = this;
    let removed = 0;
    if (!fromTail) {
      let write = 0;
      for (let read = 0; read < count; read++) {
        const item = slots[(this.head + read) & mask]!;
        if (item === value && (limit === 0 || removed < limit)) removed++;
        else {
          if (write !== read) slots[(this.head + write) & mask] = item;
          write++;
        }
      }
      for (let i = write; i < count; i++) slots[(this.head + i) & mask] = '';
    } else {
      let write = count - 1;
      for (let read = count - 1; read >= 0; read--) {
        const item = slots[(this.head + read) & mask]!;
        if (item === value && (limit === 0 || removed < limit)) removed++;
        else {
          if (write !== read) slots[(this.head + write) & mask] = item;
          write--;
        }
      }
      for (let i = 0; i <= write; i++) slots[(this.head + i) & mask] = '';
      this.head = (this.head + removed) & mask;
    }
    this.count -= removed;
    if (removed !== 0) this.shrinkIfSparse();
    return removed;
  }

  /** Index of the first element equal to `value` at or after `from`, or -1. */
  indexOf(value: string, from = 0): number {
    for (let i = from; i < this.count; i++) {
      if (this.slots[(this.head + i) & this.mask] === value) return i;
    }
    return -1;
  }

  /** Index of the last element equal to `value` at or before `from`, or -1. */
  lastIndexOf(value: string, from = this.count - 1): number {
    for (let i = from; i >= 0; i--) {
      if (this.slots[(this.head + i) & this.mask] === value) return i;
    }
    return -1;
  }

  /** True when the list grew mostly at its head, so Redis's partly filled node is the first one. */
  get grewAtHead(): boolean {
    return this.leftPushes > this.rightPushes;
  }

  /** Every element, head to tail (SORT, COPY, persistence). */
  toArray(): string[] {
    return this.count === 0 ? [] : this.range(0, this.count - 1);
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.count; i++) yield this.slots[(this.head + i) & this.mask]!;
  }

  /**
   * What Redis 7.0 reports for a quicklist: its structs plus the average size of the first
   * `sampleNodes` nodes (0 = all) times the number of nodes. The node layout is the one pushes
   * would have built (listpacks of up to 8 KB, list-max-listpack-size -2): a list grown mostly
   * at the head has its partly filled node there, one grown at the tail at the tail. Lists
   * longer than EXACT_LAYOUT_LIMIT get their node count estimated, so the answer stays cheap.
   */
  memoryUsage(sampleNodes = DEFAULT_SAMPLE_NODES): number {
    if (this.count === 0) return OBJECT_BYTES + QUICKLIST_BYTES;
    const sampleLimit = sampleNodes === 0 ? Infinity : sampleNodes;
    let sampledBytes = 0;
    let sampled = 0;
    let totalNodes: number;
    if (this.count <= EXACT_LAYOUT_LIMIT || sampleNodes === 0) {
      const nodes = this.nodeAllocations(this.leftPushes > this.rightPushes);
      for (sampled = 0; sampled < nodes.length && sampled < sampleLimit; sampled++) sampledBytes += nodes[sampled]!;
      totalNodes = nodes.length;
    } else {
      // The first nodes laid out from the head, the rest estimated. A list grown at the head
      // starts with the node that holds what did not fill a whole one.
      let nodeBytes = EMPTY_LISTPACK_BYTES;
      let nodeCount = 0;
      let index = 0;
      if (this.leftPushes > this.rightPushes) {
        const perNode = this.elementsPerNode(0);
        const partial = this.count - (Math.ceil(this.count / perNode) - 1) * perNode;
        for (; index < partial; index++) nodeBytes += listpackEntryBytes(this.at(index));
        sampledBytes += QUICKLIST_NODE_BYTES + redisAllocation(nodeBytes);
        sampled++;
        nodeBytes = EMPTY_LISTPACK_BYTES;
      }
      for (; index < this.count && sampled < sampleLimit; index++) {
        const item = this.slots[(this.head + index) & this.mask]!;
        if (nodeCount !== 0 && !fitsInNode(nodeBytes, item.length)) {
          sampledBytes += QUICKLIST_NODE_BYTES + redisAllocation(nodeBytes);
          sampled++;
          nodeBytes = EMPTY_LISTPACK_BYTES;
          nodeCount = 0;
          if (sampled >= sampleLimit) break;
        }
        nodeBytes += listpackEntryBytes(item);
        nodeCount++;
      }
      totalNodes = sampled + this.estimateNodes(index);
    }
    return OBJECT_BYTES + QUICKLIST_BYTES + Math.floor((sampledBytes / sampled) * totalNodes);
  }

  /** Every node's bytes (struct plus listpack allocation), head to tail, packed from one end. */
  private nodeAllocations(fromTail: boolean): number[] {
    const nodes: number[] = [];
    let nodeBytes = EMPTY_LISTPACK_BYTES;
    let nodeCount = 0;
    for (let step = 0; step < this.count; step++) {
      const index = fromTail ? this.count - 1 - step : step;
      const item = this.slots[(this.head + index) & this.mask]!;
      if (nodeCount !== 0 && !fitsInNode(nodeBytes, item.length)) {
        nodes.push(QUICKLIST_NODE_BYTES + redisAllocation(nodeBytes));
        nodeBytes = EMPTY_LISTPACK_BYTES;
        nodeCount = 0;
      }
      nodeBytes += listpackEntryBytes(item);
      nodeCount++;
    }
    nodes.push(QUICKLIST_NODE_BYTES + redisAllocation(nodeBytes));
    return fromTail ? nodes.reverse() : nodes;
  }

  /** About how many 8 KB nodes the elements from `from` on fill. */
  private estimateNodes(from: number): number {
    return Math.ceil((this.count - from) / this.elementsPerNode(from));
  }

  /** About how many of the elements from `from` on one 8 KB node holds, judged from a spread sample. */
  private elementsPerNode(from: number): number {
    const remaining = this.count - from;
    const stride = Math.max(1, Math.floor(remaining / LAYOUT_SAMPLE_SIZE));
    let bytes = 0;
    let sampled = 0;
    for (let i = from; i < this.count; i += stride) {
      bytes += listpackEntryBytes(this.slots[(this.head + i) & this.mask]!);
      sampled++;
    }
    return Math.max(1, Math.floor((NODE_MAX_BYTES - EMPTY_LISTPACK_BYTES) / (bytes / sampled)));
  }
}

/** Whether a quicklist node of `nodeBytes` takes one more element of `length` bytes (size-limited fill). */
function fitsInNode(nodeBytes: number, length: number): boolean {
  const overhead = (length < 254 ? 1 : 5) + (length < 64 ? 1 : length < 16384 ? 2 : 5);
  return nodeBytes + length + overhead <= NODE_MAX_BYTES;
}

export function isList(value: unknown): value is ListValue {
  return value instanceof ListValue;
}
