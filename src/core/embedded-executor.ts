import type { CommandContext, ServerContext } from './context.js';
import { dispatch } from './dispatch.js';
import type { Database } from '../engine/database.js';
import type { CommandExecutor, CommandRewrite, ExecutorHealth, StreamHandle, StreamRequest, StreamSink, TransactionSink } from './executor.js';
import { ItemSplitter } from './item-splitter.js';
import type { Reply } from './reply.js';
import type { PubSubSubscriber } from '../pubsub/hub.js';
import type { MonitorListener } from '../pubsub/monitor.js';

/** Rewrites a front end applies to commands before they run; `queued` inside a transaction. */
export type CommandRewriter = (argv: string[], db: Database, queued: boolean) => CommandRewrite | undefined;

let nextStreamId = 1;

/** Drops a reply, but counts an error as sent (INFO errorstats), as a client would have received it. */
class CountingSink implements Reply {
  readonly protocol = 2 as const;
  constructor(private readonly server: ServerContext) {}
  error(message: string): void { this.server.stats.recordError(message); }
  ok(): void {}
  simple(): void {}
  int(): void {}
  bulk(): void {}
  nil(): void {}
  nilArray(): void {}
  array(): void {}
  map(): void {}
  set(): void {}
  double(): void {}
  bool(): void {}
  verbatim(): void {}
  bigNumber(): void {}
  push(): void {}
}

/** EXEC's reply turned into TransactionSink calls: its array header begins, each element is one item. */
class ExecReply implements Reply {
  readonly protocol = 2 as const;
  private items: ItemSplitter | undefined;

  constructor(private readonly server: ServerContext, private readonly sink: TransactionSink) {}

  error(message: string): void {
    if (this.items !== undefined) return this.items.error(message);
    this.server.stats.recordError(message);
    this.sink.discarded(message);
  }

  array(length: number): void {
    if (this.items !== undefined) return this.items.array(length);
    this.sink.begin(length);
    this.items = new ItemSplitter((index) => this.sink.replyFor(index));
  }

  ok(): void { this.items?.ok(); }
  simple(text: string): void { this.items?.simple(text); }
  int(value: number | bigint): void { this.items?.int(value); }
  bulk(value: string): void { this.items?.bulk(value); }
  nil(): void { this.items?.nil(); }
  nilArray(): void {
    if (this.items !== undefined) this.items.nilArray();
    else this.sink.discarded('EXECABORT Transaction discarded because a watched key changed.');
  }
  map(pairs: number): void { this.items?.map(pairs); }
  set(length: number): void { this.items?.set(length); }
  double(value: number, text?: string): void { this.items?.double(value, text); }
  bool(value: boolean): void { this.items?.bool(value); }
  verbatim(text: string, format?: string): void { this.items?.verbatim(text, format); }
  bigNumber(digits: string): void { this.items?.bigNumber(digits); }
  push(length: number): void { this.items?.push(length); }
}

/**
 * The executor of the embedded engine: every command through core dispatch, in this process,
 * synchronously. Transactions are MULTI, the queued commands and EXEC through the same
 * dispatcher (so a refused command dooms the transaction exactly as over RESP).
 */
export class EmbeddedExecutor implements CommandExecutor {
  readonly mode = 'embedded' as const;

  constructor(private readonly server: ServerContext, private readonly rewrite?: CommandRewriter) {}

  run(ctx: CommandContext, commands: readonly string[][], replyFor: (index: number) => Reply): void | Promise<void> {
    for (let i = 0; i < commands.length; i++) {
      const pending = this.runOne(ctx, commands[i]!, replyFor(i));
      // A script past busy-reply-threshold goes on in slices: the rest waits for it, in order.
      if (pending !== undefined) return this.runRest(pending, ctx, commands, replyFor, i + 1);
    }
  }

  private async runRest(pending: Promise<void>, ctx: CommandContext, commands: readonly string[][], replyFor: (index: number) => Reply, next: number): Promise<void> {
    await pending;
    for (let i = next; i < commands.length; i++) await this.runOne(ctx, commands[i]!, replyFor(i));
  }

  private runOne(ctx: CommandContext, argv: string[], reply: Reply): void | Promise<void> {
    const step = this.rewrite?.(argv, ctx.session.db, false);
    if (step === undefined) {
      ctx.argv = argv;
      ctx.reply = reply;
      return dispatch(ctx);
    }
    if (step.answer !== undefined) return step.answer(reply);
    ctx.argv = step.argv;
    ctx.reply = step.wrapReply === undefined ? reply : step.wrapReply(reply);
    const pending = dispatch(ctx);
    if (pending !== undefined) return pending.then(() => step.after?.());
    step.after?.();
  }

  transaction(ctx: CommandContext, commands: readonly string[][], sink: TransactionSink): void | Promise<void> {
    const session = ctx.session;
    const filter = session.commandFilter;
    // MULTI and EXEC are the executor's, not the user's: the session's filter may refuse them for users.
    const control = (argv: string[], reply: Reply): void | Promise<void> => {
      session.commandFilter = undefined;
      ctx.argv = argv;
      ctx.reply = reply;
      try {
        // A promise when a queued script outlived busy-reply-threshold (EXEC then ends later).
        return dispatch(ctx);
      } finally {
        session.commandFilter = filter;
      }
    };
    const queueReply = new CountingSink(this.server);
    void control(['MULTI'], queueReply);
    for (const argv of commands) {
      ctx.argv = this.rewrite?.(argv, session.db, true)?.argv ?? argv;
      ctx.reply = queueReply;
      void dispatch(ctx);
    }
    return control(['EXEC'], new ExecReply(this.server, sink));
  }

  openStream(_ctx: CommandContext, request: StreamRequest, sink: StreamSink): StreamHandle {
    const server = this.server;
    const id = -(nextStreamId++);
    if (request.kind === 'monitor') {
      const listener: MonitorListener = { id, line: (text) => sink.monitorLine(text) };
      server.monitors.add(listener);
      sink.monitoring();
      return { close: () => server.monitors.remove(listener) };
    }
    const subscriber: PubSubSubscriber = {
      id,
      deliver: ({ kind, pattern, channel, payload }) => {
        if (kind === 'message') sink.message(channel, payload);
        else if (kind === 'pmessage') sink.patternMessage(pattern, channel, payload);
        else sink.shardMessage(channel, payload);
      },
    };
    for (const name of request.names) {
      if (request.kind === 'psubscribe') server.pubsub.psubscribe(subscriber, name);
      else server.pubsub.subscribe(subscriber, name);
      sink.subscribed(request.kind, name, server.pubsub.subscriptionCount(subscriber));
    }
    return { close: () => server.pubsub.removeAll(subscriber) };
  }

  syncToken(): string {
    return String(this.server.keyspace.changes);
  }

  health(): Promise<ExecutorHealth> {
    return Promise.resolve({ ok: true, mode: 'embedded' });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
