import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PubSubHub, type PubSubSubscriber } from '../../src/pubsub/hub.js';
import { formatMonitorLine, quoteArgument } from '../../src/pubsub/monitor.js';

/** Records what it receives; `onMessage` lets a test act in the middle of a delivery. */
function subscriber(id: number, log: string[], onMessage?: () => void): PubSubSubscriber {
  return {
    id,
    deliver: ({ kind, pattern, channel, payload }) => {
      log.push(`${id} ${kind}${pattern === '' ? '' : ` ${pattern}`} ${channel} ${payload}`);
      if (kind === 'message') onMessage?.();
    },
  };
}

describe('PubSubHub', () => {
  test('delivers to channel subscribers in subscription order, then to matching patterns, and counts', () => {
    const hub = new PubSubHub();
    const log: string[] = [];
    const [a, b, c] = [1, 2, 3].map((id) => subscriber(id, log));
    assert.equal(hub.subscribe(b!, 'news'), true);
    assert.equal(hub.subscribe(a!, 'news'), true);
    assert.equal(hub.subscribe(a!, 'news'), false, 'a repeat is not a new subscription');
    assert.equal(hub.psubscribe(c!, 'n*'), true);
    assert.equal(hub.psubscribe(a!, 'x*'), true);
    assert.equal(hub.publish('news', 'hi'), 3);
    assert.deepEqual(log, ['2 message news hi', '1 message news hi', '3 pmessage n* news hi']);
    assert.equal(hub.subscriptionCount(a!), 2);
    assert.equal(hub.publish('', 'nobody'), 0, "'*'-style patterns need at least one byte");
  });

  test('counts and lists what each subscriber and the server hold', () => {
    const hub = new PubSubHub();
    const a = subscriber(1, []);
    const b = subscriber(2, []);
    hub.subscribe(a, 'c2');
    hub.subscribe(a, 'c1');
    hub.subscribe(b, 'c1');
    hub.psubscribe(a, 'p');
    hub.psubscribe(b, 'p');
    hub.ssubscribe(b, 's');
    assert.deepEqual(hub.channelsOf(a), ['c2', 'c1']);
    assert.deepEqual(hub.countsOf(2), { channels: 1, patterns: 1, shardChannels: 1 });
    assert.equal(hub.numsub('c1'), 2);
    assert.equal(hub.patternCount, 1, 'distinct patterns');
    assert.deepEqual(hub.activeChannels('*1'), ['c1']);
    assert.equal(hub.spublish('s', 'x'), 1);
    assert.equal(hub.unsubscribe(a, 'nope'), false);
    hub.removeAll(b);
    assert.equal(hub.isSubscribed(2), false);
    assert.equal(hub.numsub('c1'), 1);
    assert.equal(hub.shardChannelCount, 0);
    hub.removeAll(a);
    assert.equal(hub.hasSubscribers, false);
    assert.equal(hub.channelCount + hub.patternCount, 0);
  });

  test('a subscriber removed while a message is being delivered does not disturb the others', () => {
    const hub = new PubSubHub();
    const log: string[] = [];
    const subscribers: PubSubSubscriber[] = [];
    // The first subscriber's delivery drops the second (as an output buffer limit would).
    subscribers.push(subscriber(1, log, () => hub.removeAll(subscribers[1]!)));
    subscribers.push(subscriber(2, log));
    subscribers.push(subscriber(3, log));
    for (const s of subscribers) hub.subscribe(s, 'ch');
    assert.equal(hub.publish('ch', 'm'), 2);
    assert.deepEqual(log, ['1 message ch m', '3 message ch m']);
  });
});

describe('MONITOR lines', () => {
  test('quote arguments as redis-cli does', () => {
    assert.equal(quoteArgument('plain text'), '"plain text"');
    assert.equal(quoteArgument('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(quoteArgument('\n\r\t\x07\x08\x00\x7f\xff'), '"\\n\\r\\t\\a\\b\\x00\\x7f\\xff"');
  });

  test('carry the time in microseconds, the database and the origin', () => {
    assert.equal(formatMonitorLine(1339518083107412, 0, '127.0.0.1:60866', ['keys', '*']), '1339518083.107412 [0 127.0.0.1:60866] "keys" "*"');
    assert.equal(formatMonitorLine(1000000000000005, 3, 'lua', ['get', 'k']), '1000000000.000005 [3 lua] "get" "k"');
  });
});
