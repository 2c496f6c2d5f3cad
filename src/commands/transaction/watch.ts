// https://redis.io/commands/watch/
import { defineCommand, rangeKeys } from '../../core/command.js';
import { ERR_WATCH_IN_MULTI } from '../../core/errors.js';

export const watch = defineCommand({
  name: 'watch', arity: -2, flags: 'noscript loading stale fast allow_busy', keys: [1, -1, 1], keySpecs: [rangeKeys('RO', 1, -1)],
  group: 'transactions', since: '2.2.0',
  summary: 'Makes the next EXEC fail if any of these keys changes before it.',
  runsInMulti: true,
  run({ argv, session, db, server, reply }) {
    if (session.transaction !== undefined) return reply.error(ERR_WATCH_IN_MULTI);
    for (let i = 1; i < argv.length; i++) server.keyspace.watches.watch(session, db, argv[i]!);
    reply.ok();
  },
});

export const unwatch = defineCommand({
  name: 'unwatch', arity: 1, flags: 'noscript loading stale fast allow_busy', group: 'transactions', since: '2.2.0',
  summary: 'Forgets every key the connection watches.',
  run({ session, server, reply }) {
    server.keyspace.watches.unwatchAll(session);
    reply.ok();
  },
});
