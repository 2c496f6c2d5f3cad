import { defineCommand } from '../../core/command.js';
import { endpointOf } from '../../pubsub/session-endpoint.js';

export const reset = defineCommand({
  name: 'reset', arity: 1, flags: 'noscript loading stale fast no_auth allow_busy', group: 'connection', since: '6.2.0',
  summary: 'Resets the connection to its initial state: database 0, RESP2, no name, replies on, and unauthenticated when a password is required.',
  runsInMulti: true,
  run({ session, server, reply }) {
    session.transaction = undefined;
    server.keyspace.watches.unwatchAll(session);
    // Leaves MONITOR and every subscription, without the unsubscribe confirmations.
    const endpoint = endpointOf(session);
    if (endpoint !== undefined) {
      server.monitors.remove(endpoint);
      server.pubsub.removeAll(endpoint);
    }
    session.db = server.keyspace.db(0);
    session.protocol = 2;
    session.name = '';
    session.replyMode = 'on';
    session.noEvict = false;
    session.noTouch = false;
    if (server.config.get('requirepass') !== '') session.authenticated = false;
    session.user = 'default';
    reply.simple('RESET');
  },
});
