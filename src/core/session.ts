import type { Database } from '../engine/database.js';
import type { WatchedKey, Watcher } from '../engine/watches.js';
import type { CommandSpec } from './command.js';

/** Commands queued between MULTI and EXEC. */
export interface Transaction {
  readonly queued: Array<{ spec: CommandSpec; argv: string[] }>;
  /** A command was refused while queuing (unknown, wrong arity, ...): EXEC answers EXECABORT. */
  aborted: boolean;
}

/** What a front end provides to let commands act on its connection (QUIT, CLIENT KILL/LIST). */
export interface SessionTransport {
  readonly kind: 'resp' | 'rest' | 'internal';
  /** "ip:port" of the peer and of our socket, as CLIENT LIST prints them. */
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly fd: number;
  /** Close the connection; with `afterReply`, once the pending replies are written (QUIT). */
  close(afterReply: boolean): void;
  /** Bytes received and not yet parsed (CLIENT LIST qbuf). */
  queryBufferLength(): number;
  /** Replies written by commands and not yet handed to the socket (CLIENT LIST obl). */
  pendingReplyBytes(): number;
  /** Bytes handed to the socket and not yet sent (CLIENT LIST omem). */
  outputBufferLength(): number;
}

/** Protocol-neutral state of one client: the same object whichever front end it came through. */
export class Session implements Watcher {
  name = '';
  db: Database;
  authenticated: boolean;
  user = 'default';
  protocol: 2 | 3 = 2;
  readonly createdAt: number;
  lastInteraction: number;
  /** Full name of the last command (`client|list`), for CLIENT LIST `cmd=`. */
  lastCommand = 'NULL';
  libName = '';
  libVersion = '';
  /** CLIENT REPLY: 'skip-next' becomes 'skip' after the current command; 'skip' drops one reply. */
  replyMode: 'on' | 'off' | 'skip-next' | 'skip' = 'on';
  noEvict = false;
  noTouch = false;
  killed = false;
  /** Set between MULTI and EXEC/DISCARD. */
  transaction: Transaction | undefined = undefined;
  watchedKeys: WatchedKey[] = [];
  watchDirty = false;
  /** Refuses commands this session may not run (the REST front end's rules); undefined allows all. */
  commandFilter: ((spec: CommandSpec, argv: string[]) => string | undefined) | undefined = undefined;

  constructor(
    readonly id: number,
    readonly transport: SessionTransport,
    db: Database,
    authenticated: boolean,
    now: number,
  ) {
    this.db = db;
    this.authenticated = authenticated;
    this.createdAt = now;
    this.lastInteraction = now;
  }
}
