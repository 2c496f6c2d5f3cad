// https://redis.io/commands/time/ and https://redis.io/commands/lastsave/
import { defineCommand } from '../../core/command.js';

export const time = defineCommand({
  name: 'time', arity: 1, flags: 'loading stale fast', tips: 'nondeterministic_output', group: 'server',
  since: '2.6.0', complexity: 'O(1)',
  summary: 'Returns the server time: Unix seconds and microseconds.',
  run({ reply }) {
    // Date.now() has millisecond resolution; performance adds the microseconds within it.
    const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    reply.array(2);
    reply.bulk(String(Math.floor(micros / 1e6)));
    reply.bulk(String(micros % 1e6));
  },
});

export const lastsave = defineCommand({
  name: 'lastsave', arity: 1, flags: 'loading stale fast', acl: 'admin dangerous', tips: 'nondeterministic_output',
  group: 'server', since: '1.0.0', complexity: 'O(1)',
  summary: 'Returns the Unix time of the last successful save (the start time until one happens).',
  run: ({ server, reply }) => reply.int(server.lastSave),
});
