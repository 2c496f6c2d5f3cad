import type { CommandContext } from './context.js';
import type { Reply } from './reply.js';

/**
 * Who runs the commands of a front end: the embedded engine in this process, or an upstream
 * Redis (the gateway). The REST front end talks only to this interface. Each method writes its
 * replies into the protocol-neutral Reply writers it is given; an embedded executor finishes
 * synchronously (undefined), a remote one returns a promise. A promise that rejects means the
 * commands could not be run at all (the upstream is down or too slow): see ExecutorUnavailable.
 */
export interface CommandExecutor {
  /** `embedded` or `gateway`, for the health report and the banner. */
  readonly mode: 'embedded' | 'gateway';
  /** Runs `commands` in order; the reply of the i-th goes to `replyFor(i)`. */
  run(ctx: CommandContext, commands: readonly string[][], replyFor: (index: number) => Reply): void | Promise<void>;
  /** Runs `commands` atomically (MULTI/EXEC); see TransactionReplies. */
  transaction(ctx: CommandContext, commands: readonly string[][], replies: TransactionSink): void | Promise<void>;
  /** Streams pub/sub messages or the MONITOR feed to `sink`; see StreamRequest. */
  openStream(ctx: CommandContext, request: StreamRequest, sink: StreamSink): StreamHandle | Promise<StreamHandle>;
  /** The `upstash-sync-token` value: it moves on after every write. */
  syncToken(): string;
  /** Whether commands can run now (the upstream answers). */
  health(): Promise<ExecutorHealth>;
  close(): Promise<void>;
}

/** Where a transaction's outcome goes. */
export interface TransactionSink {
  /** The transaction did not run: a queued command was refused (EXECABORT), or a routing error (CROSSSLOT). */
  discarded(message: string): void;
  /** The transaction ran; `count` replies follow, one writer each. */
  begin(count: number): void;
  replyFor(index: number): Reply;
}

export interface StreamRequest {
  kind: 'subscribe' | 'psubscribe' | 'monitor';
  /** Channels or patterns (none for monitor). */
  names: readonly string[];
}

/** What a stream receives; strings are binary strings (one char per byte). */
export interface StreamSink {
  /** A SUBSCRIBE/PSUBSCRIBE confirmation: the subscriber's subscription count after it. */
  subscribed(kind: 'subscribe' | 'psubscribe', name: string, count: number): void;
  message(channel: string, payload: string): void;
  patternMessage(pattern: string, channel: string, payload: string): void;
  shardMessage(channel: string, payload: string): void;
  /** MONITOR started. */
  monitoring(): void;
  /** One MONITOR line as Redis prints it, without the leading `+`. */
  monitorLine(text: string): void;
  /** The stream cannot go on (the upstream connection is gone). */
  failed(message: string): void;
}

export interface StreamHandle {
  close(): void;
}

export interface ExecutorHealth {
  ok: boolean;
  mode: 'embedded' | 'gateway';
  /** What is behind (the upstream address), and why not ok. */
  detail?: Record<string, string | number | boolean>;
}

/**
 * The commands could not be run: the upstream is unreachable (503) or did not answer within the
 * timeout (504). Redis error replies are not this: they go into the Reply like any other reply.
 */
export class ExecutorUnavailable extends Error {
  constructor(readonly status: 503 | 504, message: string) {
    super(message);
  }
}

/**
 * A front end's rewrite of one command before the executor runs it (the REST front end's Upstash
 * dialect): new arguments, an answer of its own, a wrapped reply, or work to do afterwards.
 */
export interface CommandRewrite {
  argv: string[];
  answer?: (reply: Reply) => void;
  wrapReply?: (reply: Reply) => Reply;
  after?: () => void;
}
