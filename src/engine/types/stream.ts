/**
 * The stream type: entries in ID order, cut into nodes as Redis cuts its listpacks (see
 * stream-node.ts), plus the counters Redis keeps (entries added, the largest deleted ID, the
 * recorded first ID) and the consumer groups. Lookups by ID binary-search the nodes, then the
 * node: O(log n). Appends go to the last node; trimming drops whole nodes from the front or
 * marks entries deleted, as Redis does.
 */

import type { BoxedValue } from '../values.js';
import type { ConsumerGroup } from './stream-group.js';
import { UNKNOWN_ENTRIES_READ, sortedGroups } from './stream-group.js';
import type { StreamId, U64 } from './stream-id.js';
import { MIN_ID, compareIds, compareU64, idKeyBytes, isZeroId, nextId } from './stream-id.js';
import { StreamNode } from './stream-node.js';
import type { Int64 } from './stream-pending.js';
import { addInt64, subtractInt64 } from './stream-pending.js';
import { radixTreeNodeCount } from './stream-radix-size.js';

/** stream-node-max-bytes of 0 (no limit) still stops at 1 GB, as Redis does. */
const LISTPACK_MAX_SIZE = 2 ** 30;

export interface NodeLimits {
  maxBytes: number;
  maxEntries: number;
}

export interface TrimOptions {
  strategy: 'maxlen' | 'minid';
  maxLength: number;
  minId: StreamId;
  /** `~`: only whole nodes go. */
  approximate: boolean;
  /** Most entries one trim may remove (0: no limit); only with `~`. */
  limit: number;
}

/** Visits an entry of a range: its ID and its flattened field/value pairs; false stops. */
export type EntryVisitor = (ms: U64, seq: U64, pairs: readonly string[]) => boolean | void;

export class StreamValue implements BoxedValue {
  readonly type = 'stream' as const;
  nodes: StreamNode[] = [];
  /** Entries present (tombstones excluded). */
  length = 0;
  lastId: StreamId = MIN_ID;
  /** The first entry's ID as Redis records it (0-0 for an empty stream). */
  firstId: StreamId = MIN_ID;
  maxDeletedId: StreamId = MIN_ID;
  entriesAdded: Int64 = 0;
  groups = new Map<string, ConsumerGroup>();
  private radixNodes = -1;

  encoding(): string {
    return 'stream';
  }

  memoryUsage(): number {
    let bytes = 64 + 48 * this.nodes.length;
    for (const node of this.nodes) bytes += node.bytes;
    for (const group of this.groups.values()) bytes += 128 + 64 * group.pending.size + 64 * group.consumers.size;
    return bytes;
  }

  clone(): StreamValue {
    const copy = new StreamValue();
    copy.nodes = this.nodes.map((node) => node.clone());
    copy.length = this.length;
    copy.lastId = this.lastId;
    copy.firstId = this.firstId;
    copy.maxDeletedId = this.maxDeletedId;
    copy.entriesAdded = this.entriesAdded;
    for (const [name, group] of this.groups) copy.groups.set(name, group.clone());
    return copy;
  }

  sortedGroups(): ConsumerGroup[] {
    return sortedGroups(this.groups);
  }

  /** XINFO STREAM radix-tree-keys. */
  get radixTreeKeys(): number {
    return this.nodes.length;
  }

  /** XINFO STREAM radix-tree-nodes: the node count of Redis's tree over the same node keys. */
  radixTreeNodes(): number {
    if (this.radixNodes < 0) this.radixNodes = radixTreeNodeCount(this.nodes.map((node) => idKeyBytes(node.masterId)));
    return this.radixNodes;
  }

  // -------------------------------------------------------------------------------------------
  // Adding

  /** Appends an entry whose ID is above lastId, in a new node when the last one is full. */
  append(id: StreamId, pairs: string[], limits: NodeLimits): void {
    let node: StreamNode | undefined = this.nodes[this.nodes.length - 1];
    if (node !== undefined) {
      let payload = 0;
      for (const text of pairs) payload += text.length;
      const maxBytes = limits.maxBytes === 0 || limits.maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : limits.maxBytes;
      if (node.bytes + payload >= maxBytes) node = undefined;
      else if (limits.maxEntries !== 0 && node.live + node.deleted >= limits.maxEntries) node = undefined;
    }
    if (node === undefined) {
      const fields: string[] = [];
      for (let i = 0; i < pairs.length; i += 2) fields.push(pairs[i]!);
      node = new StreamNode(id, fields);
      // Nodes sit in the order of their first IDs, as keys of Redis's radix tree. A new node
      // goes last, unless XSETID moved the last ID back below existing nodes.
      const at = this.nodeIndexAtOrBefore(id.ms, id.seq) + 1;
      if (at === this.nodes.length) this.nodes.push(node);
      else this.nodes.splice(at, 0, node);
      this.radixNodes = -1;
    }
    node.append(id.ms, id.seq, pairs);
    this.length++;
    this.entriesAdded = addInt64(this.entriesAdded, 1);
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** Index of the last node whose first ID is <= id, or -1. */
  private nodeIndexAtOrBefore(ms: U64, seq: U64): number {
    let low = 0;
    let high = this.nodes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const master = this.nodes[mid]!.masterId;
      if ((compareU64(master.ms, ms) || compareU64(master.seq, seq)) <= 0) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /**
   * Walks present entries with start <= ID <= end the way Redis's stream iterator does: from the
   * last node whose first ID is <= the bound it starts from (or the first/last node when there is
   * none), entry by entry in storage order, skipping deleted entries and those before the range,
   * and stopping at the first present entry past the range. Nodes in ID order are bisected.
   * `visit` gets the node and entry indexes; returning false stops the walk.
   */
  private scan(start: StreamId, end: StreamId, reverse: boolean, visit: (node: number, index: number) => boolean): void {
    const nodes = this.nodes;
    if (nodes.length === 0) return;
    if (!reverse) {
      for (let n = Math.max(0, this.nodeIndexAtOrBefore(start.ms, start.seq)); n < nodes.length; n++) {
        const node = nodes[n]!;
        for (let i = node.ordered ? node.lowerBound(start.ms, start.seq) : 0; i < node.size; i++) {
          if (node.entries[i] === null) continue;
          const ms = node.ms[i]!;
          const seq = node.seq[i]!;
          if ((compareU64(ms, start.ms) || compareU64(seq, start.seq)) < 0) continue;
          if ((compareU64(ms, end.ms) || compareU64(seq, end.seq)) > 0) return;
          if (!visit(n, i)) return;
        }
      }
      return;
    }
    const from = this.nodeIndexAtOrBefore(end.ms, end.seq);
    for (let n = from < 0 ? nodes.length - 1 : from; n >= 0; n--) {
      const node = nodes[n]!;
      for (let i = node.ordered ? node.upperIndex(end.ms, end.seq) : node.size - 1; i >= 0; i--) {
        if (node.entries[i] === null) continue;
        const ms = node.ms[i]!;
        const seq = node.seq[i]!;
        if ((compareU64(ms, end.ms) || compareU64(seq, end.seq)) > 0) continue;
        if ((compareU64(ms, start.ms) || compareU64(seq, start.seq)) < 0) return;
        if (!visit(n, i)) return;
      }
    }
  }

  /** Where the present entry with this ID sits (as Redis finds it), or undefined. */
  private locate(id: StreamId): { node: number; index: number } | undefined {
    let found: { node: number; index: number } | undefined;
    this.scan(id, id, false, (node, index) => {
      found = { node, index };
      return false;
    });
    return found;
  }

  /** The field/value pairs of a present entry. */
  entry(id: StreamId): readonly string[] | undefined {
    const at = this.locate(id);
    return at === undefined ? undefined : this.nodes[at.node]!.pairsAt(at.index) ?? undefined;
  }

  hasEntry(id: StreamId): boolean {
    return this.locate(id) !== undefined;
  }

  /** Visits present entries with start <= ID <= end, in order (or reversed); returns how many. */
  forEachInRange(start: StreamId, end: StreamId, reverse: boolean, visit: EntryVisitor): number {
    if (compareIds(start, end) > 0) return 0;
    let visited = 0;
    this.scan(start, end, reverse, (n, i) => {
      const node = this.nodes[n]!;
      visited++;
      return visit(node.ms[i]!, node.seq[i]!, node.pairsAt(i)!) !== false;
    });
    return visited;
  }

  /** The first present entry's ID, or undefined for an empty stream. */
  firstEntryId(): StreamId | undefined {
    for (const node of this.nodes) {
      if (node.live === 0) continue;
      for (let i = 0; i < node.size; i++) if (node.entries[i] !== null) return node.idAt(i);
    }
    return undefined;
  }

  /** The last present entry's ID (Redis's streamLastValidID), or undefined. */
  lastEntryId(): StreamId | undefined {
    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n]!;
      if (node.live === 0) continue;
      for (let i = node.size - 1; i >= 0; i--) if (node.entries[i] !== null) return node.idAt(i);
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Removing

  /** XDEL of one ID: true when a present entry was deleted. */
  deleteEntry(id: StreamId): boolean {
    const at = this.locate(id);
    if (at === undefined) return false;
    const node = this.nodes[at.node]!;
    if (node.live === 1) {
      this.nodes.splice(at.node, 1);
      this.radixNodes = -1;
    } else {
      node.markDeleted(at.index);
    }
    this.length--;
    return true;
  }

  /** XDEL: deletes each ID and keeps Redis's counters; returns how many were deleted. */
  deleteEntries(ids: readonly StreamId[]): number {
    let deleted = 0;
    let firstDeleted = false;
    for (const id of ids) {
      if (!this.deleteEntry(id)) continue;
      if (compareIds(id, this.firstId) === 0) firstDeleted = true;
      if (compareIds(id, this.maxDeletedId) > 0) this.maxDeletedId = id;
      deleted++;
    }
    if (deleted !== 0) {
      if (this.length === 0) this.firstId = MIN_ID;
      else if (firstDeleted) this.firstId = this.firstEntryId() ?? MIN_ID;
    }
    return deleted;
  }

  /** MAXLEN / MINID trimming from the front, node by node as Redis does; returns entries removed. */
  trim(options: TrimOptions): number {
    let removed = 0;
    let dropNodes = 0;
    for (let n = 0; n < this.nodes.length; n++) {
      const node = this.nodes[n]!;
      if (options.strategy === 'maxlen' && this.length <= options.maxLength) break;
      const entries = node.live;
      if (options.limit !== 0 && removed + entries > options.limit) break;
      const wholeNode = options.strategy === 'maxlen'
        ? this.length - entries >= options.maxLength
        : compareIds(node.lastId(), options.minId) < 0;
      if (wholeNode) {
        dropNodes++;
        this.length -= entries;
        removed += entries;
        continue;
      }
      if (options.approximate) break;
      for (let i = 0; i < node.size; i++) {
        const stop = options.strategy === 'maxlen'
          ? this.length <= options.maxLength
          : (compareU64(node.ms[i]!, options.minId.ms) || compareU64(node.seq[i]!, options.minId.seq)) >= 0;
        if (stop) break;
        if (node.entries[i] === null) continue;
        node.markDeleted(i);
        this.length--;
        removed++;
      }
      break;
    }
    if (dropNodes !== 0) {
      this.nodes.splice(0, dropNodes);
      this.radixNodes = -1;
    }
    this.firstId = this.length === 0 ? MIN_ID : this.firstEntryId() ?? MIN_ID;
    return removed;
  }

  // -------------------------------------------------------------------------------------------
  // Consumer group progress (entries-read and lag)

  /** Whether the largest deleted ID lies within [start, end] while the stream still has entries. */
  rangeHasTombstones(start: StreamId, end?: StreamId): boolean {
    if (this.length === 0 || isZeroId(this.maxDeletedId)) return false;
    if (compareIds(this.firstId, this.maxDeletedId) > 0) return false;
    return compareIds(start, this.maxDeletedId) <= 0 && (end === undefined || compareIds(this.maxDeletedId, end) <= 0);
  }

  /** How many entries were ever added up to `id`, when that can be known; else UNKNOWN_ENTRIES_READ. */
  estimateEntriesRead(id: StreamId): Int64 {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && compareIds(id, this.lastId) <= 0) return this.entriesAdded;
    const versusLast = compareIds(id, this.lastId);
    if (versusLast === 0) return this.entriesAdded;
    if (versusLast > 0) return UNKNOWN_ENTRIES_READ;
    const versusFirst = compareIds(id, this.firstId);
    if (isZeroId(this.maxDeletedId) || compareIds(this.maxDeletedId, this.firstId) < 0) {
      if (versusFirst < 0) return subtractInt64(this.entriesAdded, this.length);
      if (versusFirst === 0) return addInt64(subtractInt64(this.entriesAdded, this.length), 1);
    }
    return UNKNOWN_ENTRIES_READ;
  }

  /** XINFO's lag of a group: entries added after its last delivered one, or undefined when unknown. */
  groupLag(group: ConsumerGroup): Int64 | undefined {
    if (this.entriesAdded === 0) return 0;
    if (group.entriesRead !== UNKNOWN_ENTRIES_READ && !this.rangeHasTombstones(group.lastId)) {
      return subtractInt64(this.entriesAdded, group.entriesRead);
    }
    const read = this.estimateEntriesRead(group.lastId);
    return read === UNKNOWN_ENTRIES_READ ? undefined : subtractInt64(this.entriesAdded, read);
  }

  /** A group's read counter as it moves past entry `id` while delivering. */
  advanceGroup(group: ConsumerGroup, id: StreamId): void {
    if (group.entriesRead !== UNKNOWN_ENTRIES_READ && !this.rangeHasTombstones(id)) {
      group.entriesRead = addInt64(group.entriesRead, 1);
    } else if (this.entriesAdded !== 0) {
      group.entriesRead = this.estimateEntriesRead(id);
    }
    group.lastId = id;
  }
}

/** The next ID an auto-generated XADD gives: now-0, or one past the last when the clock is behind. */
export function generatedId(last: StreamId, now: number): StreamId | undefined {
  return compareU64(now, last.ms) > 0 ? { ms: now, seq: 0 } : nextId(last);
}
