/**
 * Random stream commands for the randomised differential test: a few stream keys, small explicit
 * IDs (so both servers generate the same ones), a few groups and consumers, and now and then a
 * node-size setting that moves where Redis cuts its listpacks. Replies that carry times (idle,
 * delivery and seen times) are compared with those numbers masked; everything else exactly.
 */
import type { RespReply } from '../helpers/resp-reply.js';
import type { CommandEntry, Draw, OptionGroup, ReplyRule } from './random-commands.js';
import { exactReply, options } from './random-commands.js';

const STREAM_KEYS = ['s1', 's1', 's2', '\x00\xff s'];
/** Sometimes a key of another type, for WRONGTYPE. */
const ANY_KEYS = [...STREAM_KEYS, 'str'];
const GROUPS = ['g1', 'g1', 'g2', ''];
const CONSUMERS = ['c1', 'c2', 'c3', '\x00'];
const FIELDS = ['f', 'f', 'g', 'name', '', '\x00\xff', '12'];
/** Values of every listpack size class: small and large integers, short and long strings. */
const VALUES = [
  'v', '1', '0', '-1', '127', '128', '4095', '-4097', '32768', '8388608', '2147483648', '9223372036854775807',
  '9223372036854775808', '01', '1.5', '', 'hello world', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(200), 'w'.repeat(5000),
];

function key(d: Draw): string {
  return d.chance(0.05) ? d.pick(ANY_KEYS) : d.pick(STREAM_KEYS);
}

/**
 * An entry ID near the ones added lately: XADD uses the step number as its time part, so IDs grow
 * through a run and reads keep hitting recent entries. Sometimes an edge case instead.
 */
function id(d: Draw): string {
  const roll = d.random.next();
  const recent = Math.max(0, d.step - d.between(0, 40));
  if (roll < 0.75) return `${recent}-${d.between(0, 3)}`;
  if (roll < 0.85) return String(recent);
  return d.pick([
    '0-0', '0-1', '18446744073709551615-18446744073709551615', '18446744073709551615-0', '9007199254740993-5',
    '1-18446744073709551615', '-', '+', 'abc', '(5', '', '5-*',
  ]);
}

function addId(d: Draw): string {
  const roll = d.random.next();
  if (roll < 0.6) return `${d.step}-${d.between(0, 2)}`;
  if (roll < 0.8) return `${d.step}-*`;
  if (roll < 0.95) return `${Math.max(0, d.step - d.between(0, 30))}-${d.between(0, 3)}`;
  if (roll < 0.99) return d.pick(['0-0', '0-*', 'abc', '-', `${d.step}`, '9007199254740993-*']);
  return d.pick(['18446744073709551615-18446744073709551615', '18446744073709551615-*']);
}

/** A range bound: inclusive or exclusive IDs, the - and + shorthands. */
function bound(d: Draw, end: boolean): string {
  const roll = d.random.next();
  if (roll < 0.25) return end ? '+' : '-';
  if (roll < 0.45) return `(${id(d)}`;
  return id(d);
}

function pairs(d: Draw): string[] {
  const count = d.chance(0.8) ? 1 : d.between(1, 3);
  const words: string[] = [];
  // The same field names as earlier entries most of the time, as Redis's "master" fields reward.
  for (let i = 0; i < count; i++) words.push(count === 1 ? d.pick(FIELDS.slice(0, 3)) : d.pick(FIELDS), d.pick(VALUES));
  return words;
}

const trimOptions = (d: Draw): OptionGroup[] => [
  {
    chance: 0.4,
    choices: [
      ['MAXLEN', String(d.between(0, 12))], ['MAXLEN', '~', String(d.between(0, 12))], ['MAXLEN', '=', String(d.between(0, 12))],
      ['MINID', id(d)], ['MINID', '~', id(d)], ['MINID', '=', id(d)],
    ],
  },
  { chance: 0.1, choices: [['LIMIT', String(d.between(0, 10))]] },
];

const readOptions = (d: Draw): OptionGroup[] => [{ chance: 0.4, choices: [['COUNT', String(d.between(-1, 4))]] }];

function streamsArguments(d: Draw, ids: () => string): string[] {
  const keys = Array.from({ length: d.between(1, 2) }, () => key(d));
  return ['STREAMS', ...keys, ...keys.map(() => ids())];
}

// ---------------------------------------------------------------------------------------------
// Reply rules for replies with times in them

type Masker = (reply: RespReply) => string;

/** A canonical text of a reply tree in which `mask` may replace chosen parts. */
function render(reply: RespReply, mask: (node: RespReply, parent: RespReply | undefined, index: number) => boolean, parent?: RespReply, index = 0): string {
  if (mask(reply, parent, index)) return `<${reply.kind}>`;
  if (reply.items === null) return reply.raw;
  return `${reply.kind}[${reply.items.map((item, i) => render(item, mask, reply, i)).join(',')}]`;
}

function maskedRule(masker: Masker): ReplyRule {
  return ({ redis, restis }) => (masker(redis) === masker(restis) ? undefined : 'the replies differ (times masked)');
}

/** The value right after a bulk string `name` inside a (flattened) map. */
function followsKey(parent: RespReply | undefined, index: number, names: readonly string[]): boolean {
  const previous = parent?.items?.[index - 1];
  return index % 2 === 1 && previous !== undefined && previous.kind === '$' && names.includes(previous.text ?? '');
}

/** XPENDING's extended form: [id, consumer, idle, deliveries] per entry, idle masked. */
const xpendingRule = maskedRule((reply) => render(reply, (node, parent, index) => parent !== undefined && parent.items?.length === 4 && index === 2 && node.kind === ':'));

/** XINFO CONSUMERS: the idle time of each consumer masked. */
const xinfoConsumersRule = maskedRule((reply) => render(reply, (_node, parent, index) => followsKey(parent, index, ['idle'])));

/** XINFO STREAM FULL: seen times and delivery times masked. */
const xinfoFullRule = maskedRule((reply) => {
  const pendingLists = new Set<RespReply>();
  return render(reply, (node, parent, index) => {
    if (followsKey(parent, index, ['seen-time'])) return true;
    if (followsKey(parent, index, ['pending'])) pendingLists.add(node);
    if (parent !== undefined && parent.items !== null) {
      // A pending list's entries: [id, consumer, time, count] (group) or [id, time, count] (consumer).
      const list = [...pendingLists].find((candidate) => candidate.items?.includes(parent));
      if (list !== undefined) return (parent.items.length === 4 && index === 2) || (parent.items.length === 3 && index === 1);
    }
    return false;
  });
});

/** XCLAIM/XAUTOCLAIM/XREADGROUP replies carry no times: exact. */
const exact = exactReply;

// ---------------------------------------------------------------------------------------------
// The table

export const STREAM_COMMANDS: readonly CommandEntry[] = [
  { name: 'XADD', weight: 12, build: (d) => ['XADD', key(d), ...(d.chance(0.08) ? ['NOMKSTREAM'] : []), ...options(d, trimOptions(d), 0.05), addId(d), ...pairs(d)] },
  { name: 'XLEN', weight: 2, build: (d) => ['XLEN', key(d)] },
  { name: 'XRANGE', weight: 4, build: (d) => ['XRANGE', key(d), bound(d, false), bound(d, true), ...options(d, readOptions(d))] },
  { name: 'XREVRANGE', weight: 3, build: (d) => ['XREVRANGE', key(d), bound(d, true), bound(d, false), ...options(d, readOptions(d))] },
  { name: 'XDEL', weight: 3, build: (d) => ['XDEL', key(d), ...Array.from({ length: d.between(1, 3) }, () => id(d))] },
  { name: 'XTRIM', weight: 2, build: (d) => ['XTRIM', key(d), ...options(d, trimOptions(d).map((group, i) => (i === 0 ? { ...group, chance: 0.95 } : group)), 0.05)] },
  { name: 'XREAD', weight: 3, build: (d) => ['XREAD', ...options(d, readOptions(d)), ...streamsArguments(d, () => (d.chance(0.2) ? '$' : id(d)))] },
  {
    name: 'XGROUP CREATE', weight: 4,
    build: (d) => ['XGROUP', 'CREATE', key(d), d.pick(GROUPS), d.chance(0.3) ? '$' : id(d),
      ...(d.chance(0.6) ? ['MKSTREAM'] : []), ...(d.chance(0.2) ? ['ENTRIESREAD', String(d.between(-2, 5))] : [])],
  },
  { name: 'XGROUP SETID', weight: 1.5, build: (d) => ['XGROUP', 'SETID', key(d), d.pick(GROUPS), d.chance(0.3) ? '$' : id(d), ...(d.chance(0.3) ? ['ENTRIESREAD', String(d.between(-1, 6))] : [])] },
  { name: 'XGROUP DESTROY', weight: 0.5, build: (d) => ['XGROUP', 'DESTROY', key(d), d.pick(GROUPS)] },
  { name: 'XGROUP CREATECONSUMER', weight: 1, build: (d) => ['XGROUP', 'CREATECONSUMER', key(d), d.pick(GROUPS), d.pick(CONSUMERS)] },
  { name: 'XGROUP DELCONSUMER', weight: 0.7, build: (d) => ['XGROUP', 'DELCONSUMER', key(d), d.pick(GROUPS), d.pick(CONSUMERS)] },
  {
    name: 'XREADGROUP', weight: 6, rule: exact,
    build: (d) => ['XREADGROUP', 'GROUP', d.pick(GROUPS), d.pick(CONSUMERS), ...options(d, [...readOptions(d), { chance: 0.15, choices: [['NOACK']] }]),
      ...streamsArguments(d, () => (d.chance(0.7) ? '>' : id(d)))],
  },
  { name: 'XACK', weight: 3, build: (d) => ['XACK', key(d), d.pick(GROUPS), ...Array.from({ length: d.between(1, 3) }, () => id(d))] },
  { name: 'XPENDING', weight: 2, build: (d) => ['XPENDING', key(d), d.pick(GROUPS)] },
  {
    name: 'XPENDING extended', weight: 2, rule: xpendingRule,
    build: (d) => ['XPENDING', key(d), d.pick(GROUPS), ...(d.chance(0.2) ? ['IDLE', d.pick(['0', '100000000'])] : []),
      bound(d, false), bound(d, true), String(d.between(-1, 5)), ...(d.chance(0.3) ? [d.pick(CONSUMERS)] : [])],
  },
  {
    name: 'XCLAIM', weight: 3, rule: exact,
    build: (d) => ['XCLAIM', key(d), d.pick(GROUPS), d.pick(CONSUMERS), d.pick(['0', '0', '100000000']), ...Array.from({ length: d.between(1, 3) }, () => id(d)),
      ...options(d, [
        { chance: 0.2, choices: [['IDLE', d.pick(['0', '200000000'])], ['TIME', d.pick(['1000', '-5'])]] },
        { chance: 0.2, choices: [['RETRYCOUNT', String(d.between(-1, 7))]] },
        { chance: 0.25, choices: [['FORCE']] },
        { chance: 0.3, choices: [['JUSTID']] },
        { chance: 0.1, choices: [['LASTID', id(d)]] },
      ])],
  },
  {
    name: 'XAUTOCLAIM', weight: 3, rule: exact,
    build: (d) => ['XAUTOCLAIM', key(d), d.pick(GROUPS), d.pick(CONSUMERS), d.pick(['0', '0', '100000000']), bound(d, false),
      ...options(d, [{ chance: 0.5, choices: [['COUNT', String(d.between(0, 4))]] }, { chance: 0.3, choices: [['JUSTID']] }])],
  },
  { name: 'XINFO STREAM', weight: 2, build: (d) => ['XINFO', 'STREAM', key(d)] },
  { name: 'XINFO STREAM FULL', weight: 1.5, rule: xinfoFullRule, build: (d) => ['XINFO', 'STREAM', key(d), 'FULL', ...(d.chance(0.4) ? ['COUNT', String(d.between(-1, 3))] : [])] },
  { name: 'XINFO GROUPS', weight: 2, build: (d) => ['XINFO', 'GROUPS', key(d)] },
  { name: 'XINFO CONSUMERS', weight: 1, rule: xinfoConsumersRule, build: (d) => ['XINFO', 'CONSUMERS', key(d), d.pick(GROUPS)] },
  {
    name: 'XSETID', weight: 1,
    build: (d) => ['XSETID', key(d), id(d), ...options(d, [
      { chance: 0.3, choices: [['ENTRIESADDED', String(d.between(-1, 20))]] },
      { chance: 0.3, choices: [['MAXDELETEDID', id(d)]] },
    ])],
  },
  { name: 'DEL', weight: 0.8, build: (d) => ['DEL', key(d)] },
  { name: 'SET', weight: 0.2, build: () => ['SET', 'str', 'x'] },
  { name: 'TYPE', weight: 0.3, build: (d) => ['TYPE', key(d)] },
  {
    name: 'CONFIG SET stream-node-*', weight: 0.3,
    build: (d) => d.chance(0.5)
      ? ['CONFIG', 'SET', 'stream-node-max-entries', d.pick(['1', '2', '3', '5', '100', '0'])]
      // Small byte limits are left out: Redis 7.0 can corrupt a stream when a tail node it just
      // shrank moves in memory (a use-after-free fixed later), which small nodes make likely.
      : ['CONFIG', 'SET', 'stream-node-max-bytes', d.pick(['4096', '0', '10000'])],
  },
];
