import type { Deadline } from '../../engine/database.js';
import { formatDouble } from '../../core/number-format.js';
import { HashValue } from '../../engine/types/hash.js';
import { ListValue } from '../../engine/types/list.js';
import { SetValue } from '../../engine/types/set.js';
import { StreamValue } from '../../engine/types/stream.js';
import type { StreamId } from '../../engine/types/stream-id.js';
import { SortedSet } from '../../engine/types/zset.js';
import { isStringValue, stringContent, type StoredValue } from '../../engine/values.js';
import type { SnapshotWriter } from '../snapshot.js';
import { encodeAofCommandText } from './encode-command.js';

/** Collections are rebuilt with commands of at most this many items (as Redis's rewrite does). */
const ITEMS_PER_COMMAND = 64;

const id = (value: StreamId): string => `${value.ms}-${value.seq}`;

/**
 * The base of an AOF without RDB preamble (aof-use-rdb-preamble no): every key as the commands
 * that rebuild it (SELECT, SET, RPUSH, SADD, ZADD, HMSET, XADD/XSETID/XGROUP/XCLAIM, PEXPIREAT),
 * encoded as the AOF stores commands.
 */
export class CommandRewriter implements SnapshotWriter {
  private text = '';

  constructor(private readonly sink: (chunk: Buffer) => void) {}

  private emit(argv: readonly string[]): void {
    this.text += encodeAofCommandText(argv);
    if (this.text.length >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.text.length === 0) return;
    this.sink(Buffer.from(this.text, 'latin1'));
    this.text = '';
  }

  /** The end of the base: what is buffered goes out. */
  finish(): void {
    this.flush();
  }

  /** A function library, written as the FUNCTION LOAD that recreates it. */
  functionLibrary(code: string): void {
    this.emit(['FUNCTION', 'LOAD', code]);
  }

  selectDb(index: number): void {
    this.emit(['SELECT', String(index)]);
  }

  private batched(command: string, key: string, items: Iterable<string>, width: number): void {
    let argv: string[] = [command, key];
    for (const item of items) {
      argv.push(item);
      if (argv.length - 2 >= ITEMS_PER_COMMAND * width) {
        this.emit(argv);
        argv = [command, key];
      }
    }
    if (argv.length > 2) this.emit(argv);
  }

  entry(key: string, value: StoredValue, expireAtMs: Deadline | undefined): void {
    if (isStringValue(value)) this.emit(['SET', key, stringContent(value)]);
    else if (value instanceof ListValue) this.batched('RPUSH', key, value, 1);
    else if (value instanceof SetValue) this.batched('SADD', key, value.toArray(), 1);
    else if (value instanceof SortedSet) this.batched('ZADD', key, zaddItems(value), 2);
    else if (value instanceof HashValue) this.hash(key, value);
    else if (value instanceof StreamValue) this.stream(key, value);
    if (expireAtMs !== undefined) this.emit(['PEXPIREAT', key, String(expireAtMs)]);
  }

  private hash(key: string, value: HashValue): void {
    const pairs = value.pairs();
    this.batched('HMSET', key, pairs, 2);
    if (!value.hasFieldTtls) return;
    for (let pair = 0; pair * 2 < pairs.length; pair++) {
      const deadline = value.pairDeadline(pair);
      if (deadline !== 0) this.emit(['HPEXPIREAT', key, String(deadline), 'FIELDS', '1', pairs[pair * 2]!]);
    }
  }

  private stream(key: string, stream: StreamValue): void {
    if (stream.length === 0) {
      // An empty stream still exists with its last ID: create it through an entry trimmed away.
      this.emit(['XADD', key, 'MAXLEN', '0', id(stream.lastId), 'x', 'y']);
    } else {
      stream.forEachInRange({ ms: 0, seq: 0 }, { ms: 2n ** 64n - 1n, seq: 2n ** 64n - 1n }, false, (ms, seq, pairs) => {
        this.emit(['XADD', key, `${ms}-${seq}`, ...pairs]);
      });
    }
    this.emit(['XSETID', key, id(stream.lastId), 'ENTRIESADDED', String(stream.entriesAdded), 'MAXDELETEDID', id(stream.maxDeletedId)]);
    for (const group of stream.sortedGroups()) {
      this.emit(['XGROUP', 'CREATE', key, group.name, id(group.lastId), 'ENTRIESREAD', String(group.entriesRead)]);
      for (const entry of group.pending) {
        const consumer = entry.consumer?.name ?? '';
        this.emit(['XCLAIM', key, group.name, consumer, '0', id(entry.id), 'TIME', String(entry.deliveryTime), 'RETRYCOUNT', String(entry.deliveryCount), 'JUSTID', 'FORCE']);
      }
      for (const consumer of group.sortedConsumers()) {
        if (consumer.pending.size === 0) this.emit(['XGROUP', 'CREATECONSUMER', key, group.name, consumer.name]);
      }
    }
  }
}

function* zaddItems(zset: SortedSet): Iterable<string> {
  for (const [member, score] of zset.entries()) {
    yield formatDouble(score);
    yield member;
  }
}
