import type { Reply } from '../core/reply.js';
import type { Session } from '../core/session.js';
import type { PubSubSubscriber } from './hub.js';
import type { MonitorListener } from './monitor.js';

/**
 * What a connection that can receive pushes offers the pub/sub commands and MONITOR: the RESP
 * front end's connections have one; sessions without one (REST requests, scripts) cannot
 * subscribe or monitor.
 */
export interface SessionEndpoint extends PubSubSubscriber, MonitorListener {
  /**
   * Where subscribe and unsubscribe confirmations are written. Unlike ordinary replies they are
   * sent even under CLIENT REPLY OFF/SKIP, as Redis sends its pushes.
   */
  readonly pushReply: Reply;
}

const endpoints = new WeakMap<Session, SessionEndpoint>();

export function linkEndpoint(session: Session, endpoint: SessionEndpoint): void {
  endpoints.set(session, endpoint);
}

export function endpointOf(session: Session): SessionEndpoint | undefined {
  return endpoints.get(session);
}
