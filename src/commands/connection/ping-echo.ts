// https://redis.io/commands/?group=connection
import { defineCommand } from '../../core/command.js';
import { wrongArity } from '../../core/errors.js';

export const ping = defineCommand({
  name: 'ping', arity: -1, flags: 'fast', group: 'connection', since: '1.0.0',
  summary: 'Answers PONG, or echoes the given message.',
  tips: 'request_policy:all_shards response_policy:all_succeeded',
  run({ argv, session, server, reply }) {
    if (argv.length > 2) return reply.error(wrongArity('ping'));
    if (session.protocol === 2 && server.pubsub.hasSubscribers && server.pubsub.isSubscribed(session.id)) {
      // A RESP2 subscriber can only read pushes, so PING answers in their shape.
      reply.array(2);
      reply.bulk('pong');
      reply.bulk(argv.length === 2 ? argv[1]! : '');
    } else if (argv.length === 2) reply.bulk(argv[1]!);
    else reply.simple('PONG');
  },
});

export const echo = defineCommand({
  name: 'echo', arity: 2, flags: 'loading stale fast', group: 'connection', since: '1.0.0',
  summary: 'Answers with the given message.',
  run({ argv, reply }) {
    reply.bulk(argv[1]!);
  },
});

export const quit = defineCommand({
  name: 'quit', arity: -1, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '1.0.0',
  summary: 'Closes the connection after answering OK.',
  runsInMulti: true,
  run({ session, reply }) {
    reply.ok();
    session.transport.close(true);
  },
});
