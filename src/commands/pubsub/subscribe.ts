// https://redis.io/commands/?group=pubsub
import { defineCommand, rangeKeys } from '../../core/command.js';
import type { CommandContext } from '../../core/context.js';
import { denyBlockingError } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { PubSubHub, PubSubSubscriber } from '../../pubsub/hub.js';
import { endpointOf } from '../../pubsub/session-endpoint.js';

/** Channels, patterns or shard channels: the same confirmations with their own words and counts. */
interface SubscriptionKind {
  readonly subscribed: string;
  readonly unsubscribed: string;
  add(hub: PubSubHub, s: PubSubSubscriber, name: string): boolean;
  remove(hub: PubSubHub, s: PubSubSubscriber, name: string): boolean;
  held(hub: PubSubHub, s: PubSubSubscriber): string[];
  count(hub: PubSubHub, s: PubSubSubscriber): number;
}

const CHANNELS: SubscriptionKind = {
  subscribed: 'subscribe',
  unsubscribed: 'unsubscribe',
  add: (hub, s, name) => hub.subscribe(s, name),
  remove: (hub, s, name) => hub.unsubscribe(s, name),
  held: (hub, s) => hub.channelsOf(s),
  count: (hub, s) => hub.subscriptionCount(s),
};

const PATTERNS: SubscriptionKind = {
  subscribed: 'psubscribe',
  unsubscribed: 'punsubscribe',
  add: (hub, s, name) => hub.psubscribe(s, name),
  remove: (hub, s, name) => hub.punsubscribe(s, name),
  held: (hub, s) => hub.patternsOf(s),
  count: (hub, s) => hub.subscriptionCount(s),
};

const SHARD_CHANNELS: SubscriptionKind = {
  subscribed: 'ssubscribe',
  unsubscribed: 'sunsubscribe',
  add: (hub, s, name) => hub.ssubscribe(s, name),
  remove: (hub, s, name) => hub.sunsubscribe(s, name),
  held: (hub, s) => hub.shardChannelsOf(s),
  count: (hub, s) => hub.shardSubscriptionCount(s),
};

/** `[word, name or nil, count]`: a push in RESP3, an array in RESP2. */
function confirm(out: Reply, word: string, name: string | undefined, count: number): void {
  out.push(3);
  out.bulk(word);
  if (name === undefined) out.nil();
  else out.bulk(name);
  out.int(count);
}

/**
 * A client that expects exactly one reply per command (inside EXEC, a REST request) cannot
 * subscribe; SUBSCRIBE and PSUBSCRIBE inside MULTI are still accepted, as Redis keeps them for
 * old clients, but SSUBSCRIBE is not.
 */
function subscribeAll(ctx: CommandContext, kind: SubscriptionKind, allowedInMulti: boolean): void {
  const { argv, session, server, reply } = ctx;
  const endpoint = endpointOf(session);
  const deniedHere = ctx.denyBlocking && !(allowedInMulti && session.transaction !== undefined);
  if (endpoint === undefined || deniedHere) return reply.error(denyBlockingError(kind.subscribed.toUpperCase()));
  const hub = server.pubsub;
  for (let i = 1; i < argv.length; i++) {
    kind.add(hub, endpoint, argv[i]!);
    confirm(endpoint.pushReply, kind.subscribed, argv[i]!, kind.count(hub, endpoint));
  }
}

/** Leaves the names given, or every subscription of the kind; with none held, one nil confirmation. */
function unsubscribeAll(ctx: CommandContext, kind: SubscriptionKind): void {
  const { argv, session, server, reply } = ctx;
  const endpoint = endpointOf(session);
  if (endpoint === undefined) return confirm(reply, kind.unsubscribed, undefined, 0);
  const hub = server.pubsub;
  const names = argv.length > 1 ? argv.slice(1) : kind.held(hub, endpoint);
  if (names.length === 0) return confirm(endpoint.pushReply, kind.unsubscribed, undefined, kind.count(hub, endpoint));
  for (const name of names) {
    kind.remove(hub, endpoint, name);
    confirm(endpoint.pushReply, kind.unsubscribed, name, kind.count(hub, endpoint));
  }
}

const FLAGS = 'pubsub noscript loading stale';

export const subscribe = defineCommand({
  name: 'subscribe', arity: -2, flags: FLAGS, group: 'pubsub', since: '2.0.0',
  summary: 'Subscribes the connection to channels.',
  run: (ctx) => subscribeAll(ctx, CHANNELS, true),
});

export const unsubscribe = defineCommand({
  name: 'unsubscribe', arity: -1, flags: FLAGS, group: 'pubsub', since: '2.0.0',
  summary: 'Unsubscribes the connection from the channels given, or from all its channels.',
  run: (ctx) => unsubscribeAll(ctx, CHANNELS),
});

export const psubscribe = defineCommand({
  name: 'psubscribe', arity: -2, flags: FLAGS, group: 'pubsub', since: '2.0.0',
  summary: 'Subscribes the connection to every channel matching glob patterns.',
  run: (ctx) => subscribeAll(ctx, PATTERNS, true),
});

export const punsubscribe = defineCommand({
  name: 'punsubscribe', arity: -1, flags: FLAGS, group: 'pubsub', since: '2.0.0',
  summary: 'Unsubscribes the connection from the patterns given, or from all its patterns.',
  run: (ctx) => unsubscribeAll(ctx, PATTERNS),
});

export const ssubscribe = defineCommand({
  name: 'ssubscribe', arity: -2, flags: FLAGS, keys: [1, -1, 1], keySpecs: [rangeKeys('not_key', 1, -1, 1)],
  group: 'pubsub', since: '7.0.0',
  summary: 'Subscribes the connection to shard channels.',
  run: (ctx) => subscribeAll(ctx, SHARD_CHANNELS, false),
});

export const sunsubscribe = defineCommand({
  name: 'sunsubscribe', arity: -1, flags: FLAGS, keys: [1, -1, 1], keySpecs: [rangeKeys('not_key', 1, -1, 1)],
  group: 'pubsub', since: '7.0.0',
  summary: 'Unsubscribes the connection from the shard channels given, or from all of them.',
  run: (ctx) => unsubscribeAll(ctx, SHARD_CHANNELS),
});
