import type { ServerContext } from '../../core/context.js';
import type { Session } from '../../core/session.js';

/** One CLIENT LIST / CLIENT INFO line, with Redis 7.0's fields in Redis's order. */
export function describeClient(session: Session, server: ServerContext, now: number): string {
  const transport = session.transport;
  const age = Math.floor((now - session.createdAt) / 1000);
  const idle = Math.floor((now - session.lastInteraction) / 1000);
  const queryBuffer = transport.queryBufferLength();
  const output = transport.outputBufferLength();
  const pending = transport.pendingReplyBytes();
  // Redis lists the flag letters that apply, or N for none. Redis's letters, in its order:
  // O monitor, P subscriber, x in MULTI, b blocked, d a watched key changed, e no-evict.
  const subscriptions = server.pubsub.countsOf(session.id);
  const letters =
    (server.monitors.has(session.id) ? 'O' : '') +
    (server.pubsub.isSubscribed(session.id) ? 'P' : '') +
    (session.transaction !== undefined ? 'x' : '') +
    (server.keyspace.blocking.isBlocked(session) ? 'b' : '') +
    (session.watchDirty ? 'd' : '') +
    (session.noEvict ? 'e' : '');
  const flags = letters === '' ? 'N' : letters;
  const fields = [
    `id=${session.id}`,
    `addr=${transport.remoteAddress}`,
    `laddr=${transport.localAddress}`,
    `fd=${transport.fd}`,
    `name=${session.name}`,
    `age=${age}`,
    `idle=${idle}`,
    `flags=${flags}`,
    `db=${session.db.index}`,
    `sub=${subscriptions.channels}`,
    `psub=${subscriptions.patterns}`,
    `ssub=${subscriptions.shardChannels}`,
    `multi=${session.transaction?.queued.length ?? -1}`,
    `qbuf=${queryBuffer}`,
    `qbuf-free=0`,
    `argv-mem=0`,
    'multi-mem=0',
    'rbs=0',
    'rbp=0',
    `obl=${pending}`,
    'oll=0',
    `omem=${output}`,
    `tot-mem=${queryBuffer + pending + output}`,
    'events=r',
    `cmd=${session.lastCommand}`,
    `user=${session.user}`,
    'redir=-1',
    `resp=${session.protocol}`,
  ];
  return fields.join(' ') + '\n';
}
