import { defineCommand } from '../../core/command.js';
import { ERR_MONITOR_DENY_BLOCKING } from '../../core/errors.js';
import { endpointOf } from '../../pubsub/session-endpoint.js';

export const monitor = defineCommand({
  name: 'monitor', arity: 1, flags: 'admin noscript loading stale', group: 'server', since: '1.0.0',
  summary: 'Turns the connection into a monitor that receives every command the server runs.',
  run({ session, server, reply, denyBlocking }) {
    const endpoint = endpointOf(session);
    if (endpoint === undefined || denyBlocking) return reply.error(ERR_MONITOR_DENY_BLOCKING);
    // A second MONITOR is ignored without a reply, as Redis does.
    if (server.monitors.has(endpoint.id)) return;
    server.monitors.add(endpoint);
    reply.ok();
  },
});
