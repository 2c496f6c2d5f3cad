import { defineCommand, rangeKeys } from '../../core/command.js';

export const publish = defineCommand({
  name: 'publish', arity: 3, flags: 'pubsub loading stale fast', group: 'pubsub', since: '2.0.0',
  summary: 'Sends a message to the subscribers of a channel and of matching patterns; answers how many received it.',
  run({ argv, server, reply }) {
    reply.int(server.pubsub.publish(argv[1]!, argv[2]!));
  },
});

export const spublish = defineCommand({
  name: 'spublish', arity: 3, flags: 'pubsub loading stale fast', keys: [1, 1, 1], keySpecs: [rangeKeys('not_key', 1, 0, 1)],
  group: 'pubsub', since: '7.0.0',
  summary: 'Sends a message to the subscribers of a shard channel; answers how many received it.',
  run({ argv, server, reply }) {
    reply.int(server.pubsub.spublish(argv[1]!, argv[2]!));
  },
});
