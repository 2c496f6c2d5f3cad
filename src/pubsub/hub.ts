import { compileGlob } from '../core/glob.js';

export type PublicationKind = 'message' | 'pmessage' | 'smessage';

/**
 * One published message as its receivers get it: made once per PUBLISH (and per matching
 * pattern) and handed to every receiver, so a front end can encode it once for all of them.
 * Channels, patterns and payloads are binary strings (one char per byte).
 */
export class Publication {
  constructor(
    readonly kind: PublicationKind,
    /** The matching pattern of a `pmessage`; '' for the other kinds. */
    readonly pattern: string,
    readonly channel: string,
    readonly payload: string,
  ) {}
}

/** Someone who receives published messages: a RESP connection, or a REST server-sent-events stream. */
export interface PubSubSubscriber {
  /** Unique among all subscribers of a hub (a session id from the client registry). */
  readonly id: number;
  /** A message on a channel, pattern or shard channel it subscribed to. */
  deliver(publication: Publication): void;
}

/** One subscriber's subscriptions, each set in subscription order. */
interface SubscriberState {
  readonly subscriber: PubSubSubscriber;
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  readonly shardChannels: Set<string>;
}

interface PatternSubscribers {
  readonly matches: (channel: string) => boolean;
  readonly subscribers: Set<SubscriberState>;
}

/** Subscription counts of one client, as CLIENT LIST prints them (sub=, psub=, ssub=). */
export interface SubscriptionCounts {
  channels: number;
  patterns: number;
  shardChannels: number;
}

const NO_SUBSCRIPTIONS: SubscriptionCounts = { channels: 0, patterns: 0, shardChannels: 0 };

/**
 * Channels, patterns and shard channels for the whole server, shared by every front end.
 * Subscribers of a channel are kept in subscription order and receive messages in that order,
 * then the pattern subscribers, as Redis delivers them. Sets are used throughout because a
 * subscriber may be disconnected (output buffer limit) while a message is being delivered, and
 * deleting from a Set being iterated is safe.
 */
export class PubSubHub {
  private readonly channels = new Map<string, Set<SubscriberState>>();
  private readonly patterns = new Map<string, PatternSubscribers>();
  private readonly shardChannels = new Map<string, Set<SubscriberState>>();
  /** Only subscribers with at least one subscription have a state. */
  private readonly states = new Map<number, SubscriberState>();

  /** True when anyone is subscribed to anything (lets the command path skip pub/sub checks). */
  get hasSubscribers(): boolean {
    return this.states.size !== 0;
  }

  /** The client holds a subscription of any kind (Redis's pub/sub client flag, `flags=P`). */
  isSubscribed(id: number): boolean {
    return this.states.has(id);
  }

  countsOf(id: number): SubscriptionCounts {
    const state = this.states.get(id);
    if (state === undefined) return NO_SUBSCRIPTIONS;
    return { channels: state.channels.size, patterns: state.patterns.size, shardChannels: state.shardChannels.size };
  }

  private stateOf(s: PubSubSubscriber): SubscriberState {
    let state = this.states.get(s.id);
    if (state === undefined) {
      state = { subscriber: s, channels: new Set(), patterns: new Set(), shardChannels: new Set() };
      this.states.set(s.id, state);
    }
    return state;
  }

  private dropIfEmpty(state: SubscriberState): void {
    if (state.channels.size === 0 && state.patterns.size === 0 && state.shardChannels.size === 0) {
      this.states.delete(state.subscriber.id);
    }
  }

  subscribe(s: PubSubSubscriber, channel: string): boolean {
    return this.addTo(this.channels, this.stateOf(s), 'channels', channel);
  }

  unsubscribe(s: PubSubSubscriber, channel: string): boolean {
    return this.removeFrom(this.channels, s, 'channels', channel);
  }

  ssubscribe(s: PubSubSubscriber, channel: string): boolean {
    return this.addTo(this.shardChannels, this.stateOf(s), 'shardChannels', channel);
  }

  sunsubscribe(s: PubSubSubscriber, channel: string): boolean {
    return this.removeFrom(this.shardChannels, s, 'shardChannels', channel);
  }

  psubscribe(s: PubSubSubscriber, pattern: string): boolean {
    const state = this.stateOf(s);
    if (state.patterns.has(pattern)) return false;
    state.patterns.add(pattern);
    let entry = this.patterns.get(pattern);
    if (entry === undefined) {
      entry = { matches: compileGlob(pattern), subscribers: new Set() };
      this.patterns.set(pattern, entry);
    }
    entry.subscribers.add(state);
    return true;
  }

  punsubscribe(s: PubSubSubscriber, pattern: string): boolean {
    const state = this.states.get(s.id);
    if (state === undefined || !state.patterns.delete(pattern)) return false;
    const entry = this.patterns.get(pattern)!;
    entry.subscribers.delete(state);
    if (entry.subscribers.size === 0) this.patterns.delete(pattern);
    this.dropIfEmpty(state);
    return true;
  }

  private addTo(index: Map<string, Set<SubscriberState>>, state: SubscriberState, kind: 'channels' | 'shardChannels', channel: string): boolean {
    const own = state[kind];
    if (own.has(channel)) return false;
    own.add(channel);
    let subscribers = index.get(channel);
    if (subscribers === undefined) {
      subscribers = new Set();
      index.set(channel, subscribers);
    }
    subscribers.add(state);
    return true;
  }

  private removeFrom(index: Map<string, Set<SubscriberState>>, s: PubSubSubscriber, kind: 'channels' | 'shardChannels', channel: string): boolean {
    const state = this.states.get(s.id);
    if (state === undefined || !state[kind].delete(channel)) return false;
    const subscribers = index.get(channel)!;
    subscribers.delete(state);
    if (subscribers.size === 0) index.delete(channel);
    this.dropIfEmpty(state);
    return true;
  }

  channelsOf(s: PubSubSubscriber): string[] {
    const state = this.states.get(s.id);
    return state === undefined ? [] : [...state.channels];
  }

  patternsOf(s: PubSubSubscriber): string[] {
    const state = this.states.get(s.id);
    return state === undefined ? [] : [...state.patterns];
  }

  shardChannelsOf(s: PubSubSubscriber): string[] {
    const state = this.states.get(s.id);
    return state === undefined ? [] : [...state.shardChannels];
  }

  /** Channels plus patterns: the count SUBSCRIBE, PSUBSCRIBE and their UNSUBSCRIBEs reply with. */
  subscriptionCount(s: PubSubSubscriber): number {
    const state = this.states.get(s.id);
    return state === undefined ? 0 : state.channels.size + state.patterns.size;
  }

  shardSubscriptionCount(s: PubSubSubscriber): number {
    return this.states.get(s.id)?.shardChannels.size ?? 0;
  }

  /** Drops every subscription of `s` without telling it (disconnect, RESET). */
  removeAll(s: PubSubSubscriber): void {
    const state = this.states.get(s.id);
    if (state === undefined) return;
    for (const channel of [...state.channels]) this.unsubscribe(s, channel);
    for (const pattern of [...state.patterns]) this.punsubscribe(s, pattern);
    for (const channel of [...state.shardChannels]) this.sunsubscribe(s, channel);
    this.states.delete(s.id);
  }

  /** Delivers to the channel's subscribers, then to matching patterns; returns how many received it. */
  publish(channel: string, payload: string): number {
    let receivers = 0;
    const subscribers = this.channels.get(channel);
    if (subscribers !== undefined) {
      const publication = new Publication('message', '', channel, payload);
      for (const state of subscribers) {
        state.subscriber.deliver(publication);
        receivers++;
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, entry] of this.patterns) {
        if (!entry.matches(channel)) continue;
        const publication = new Publication('pmessage', pattern, channel, payload);
        for (const state of entry.subscribers) {
          state.subscriber.deliver(publication);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** Delivers to the shard channel's subscribers (patterns never see shard messages). */
  spublish(channel: string, payload: string): number {
    const subscribers = this.shardChannels.get(channel);
    if (subscribers === undefined) return 0;
    const publication = new Publication('smessage', '', channel, payload);
    let receivers = 0;
    for (const state of subscribers) {
      state.subscriber.deliver(publication);
      receivers++;
    }
    return receivers;
  }

  /** Channels with at least one subscriber (PUBSUB CHANNELS, INFO pubsub_channels). */
  get channelCount(): number {
    return this.channels.size;
  }

  /** Distinct patterns subscribed to (PUBSUB NUMPAT, INFO pubsub_patterns). */
  get patternCount(): number {
    return this.patterns.size;
  }

  get shardChannelCount(): number {
    return this.shardChannels.size;
  }

  /** Active channels, all or those matching a glob pattern (PUBSUB CHANNELS). */
  activeChannels(pattern?: string): string[] {
    return filterNames(this.channels.keys(), pattern);
  }

  activeShardChannels(pattern?: string): string[] {
    return filterNames(this.shardChannels.keys(), pattern);
  }

  /** Subscribers of one channel, patterns not counted (PUBSUB NUMSUB). */
  numsub(channel: string): number {
    return this.channels.get(channel)?.size ?? 0;
  }

  shardNumsub(channel: string): number {
    return this.shardChannels.get(channel)?.size ?? 0;
  }
}

function filterNames(names: Iterable<string>, pattern: string | undefined): string[] {
  if (pattern === undefined) return [...names];
  const matches = compileGlob(pattern);
  const found: string[] = [];
  for (const name of names) if (matches(name)) found.push(name);
  return found;
}
