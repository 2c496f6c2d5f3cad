import type { CommandSpec } from '../core/command.js';
import type { ServerContext } from '../core/context.js';
import { ERR_REPLICA_KEYSPACE, subscribedModeError } from '../core/errors.js';
import type { Session } from '../core/session.js';

/** What a RESP2 connection holding subscriptions may still run. */
const SUBSCRIBED_MODE_COMMANDS = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/**
 * The refusals that depend on what a connection has become, checked by the dispatcher before a
 * command runs or is queued, where Redis's processCommand checks them: a RESP2 subscriber may
 * only manage its subscriptions, and a MONITOR connection (a replica to Redis) may not touch
 * the keyspace. Only called while someone subscribes or monitors.
 */
export function sessionModeRefusal(server: ServerContext, session: Session, spec: CommandSpec): string | undefined {
  if (session.protocol === 2 && server.pubsub.isSubscribed(session.id)) {
    if (spec.parent !== undefined || !SUBSCRIBED_MODE_COMMANDS.has(spec.name)) return subscribedModeError(spec.fullName);
  }
  if (server.monitors.active && server.monitors.has(session.id)) {
    if (spec.isWrite || spec.isReadonly || spec.flags.has('may_replicate')) return ERR_REPLICA_KEYSPACE;
  }
  return undefined;
}
