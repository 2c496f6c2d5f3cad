import type { CommandContext } from '../../core/context.js';
import { ExecutorUnavailable, type CommandExecutor, type TransactionSink } from '../../core/executor.js';
import type { Reply } from '../../core/reply.js';
import { RespWriter } from '../resp/writer.js';
import { directJson } from './direct-json.js';
import { JsonReply, jsonString } from './json-reply.js';

/** What a REST request answers: an HTTP status and a body of the given type. */
export interface RestAnswer {
  status: number;
  body: string | Buffer;
  contentType: 'application/json' | 'application/octet-stream';
  /** The request changed data (the sync token moves on). */
  wrote?: boolean;
}

export type ReplyFormat = 'json' | 'base64' | 'resp2';

export function jsonError(status: number, message: string): RestAnswer {
  return { status, body: `{"error":${jsonString(message, false)}}`, contentType: 'application/json' };
}

/** The answer once the executor is done: at once when it finished synchronously (the embedded engine). */
function whenDone(done: void | Promise<void>, answer: () => RestAnswer): RestAnswer | Promise<RestAnswer> {
  if (done === undefined) return answer();
  return done.then(answer, unavailable);
}

/** The executor could not run the commands (upstream down or too slow): a 5xx JSON error. */
function unavailable(error: unknown): RestAnswer {
  if (error instanceof ExecutorUnavailable) return jsonError(error.status, error.message);
  throw error;
}

function jsonItem(reply: JsonReply): string {
  return reply.errorMessage === undefined ? `{"result":${reply.result}}` : `{"error":${jsonString(reply.errorMessage, false)}}`;
}

function respBytes(writer: RespWriter): Buffer {
  const chunks: Buffer[] = [];
  writer.takeInto((chunk) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk));
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** `POST /` and path-style requests: one command; a Redis error answers 400. */
export function runSingle(executor: CommandExecutor, ctx: CommandContext, argv: string[], format: ReplyFormat): RestAnswer | Promise<RestAnswer> {
  const stats = ctx.server.stats;
  if (format === 'resp2') {
    const writer = new RespWriter({ protocol: 2 }, stats, () => {});
    const probe = new FirstIsError(writer);
    return whenDone(executor.run(ctx, [argv], () => probe), () => (
      { status: probe.failed ? 400 : 200, body: respBytes(writer), contentType: 'application/octet-stream' }
    ));
  }
  const direct = directJson(executor)?.runJson(ctx, [argv], format === 'base64', false);
  if (direct !== undefined) {
    return direct.then((answer) => ({ status: answer.firstIsError ? 400 : 200, body: answer.body, contentType: 'application/json' }), unavailable);
  }
  const reply = new JsonReply(format === 'base64', stats);
  return whenDone(executor.run(ctx, [argv], () => reply), () => {
    if (reply.errorMessage !== undefined) return jsonError(400, reply.errorMessage);
    return { status: 200, body: `{"result":${reply.result}}`, contentType: 'application/json' };
  });
}

/** `/pipeline`: every command in order, each with its own result or error; 200 whatever failed. */
export function runPipeline(executor: CommandExecutor, ctx: CommandContext, commands: string[][], format: ReplyFormat): RestAnswer | Promise<RestAnswer> {
  const stats = ctx.server.stats;
  if (format === 'resp2') {
    const writer = new RespWriter({ protocol: 2 }, stats, () => {});
    return whenDone(executor.run(ctx, commands, () => writer), () => ({ status: 200, body: respBytes(writer), contentType: 'application/octet-stream' }));
  }
  const base64 = format === 'base64';
  const direct = directJson(executor)?.runJson(ctx, commands, base64, true);
  if (direct !== undefined) return direct.then((answer) => ({ status: 200, body: answer.body, contentType: 'application/json' }), unavailable);
  const replies = commands.map(() => new JsonReply(base64, stats));
  return whenDone(executor.run(ctx, commands, (index) => replies[index]!), () => {
    let body = '[';
    for (let i = 0; i < replies.length; i++) body += i === 0 ? jsonItem(replies[i]!) : ',' + jsonItem(replies[i]!);
    return { status: 200, body: body + ']', contentType: 'application/json' };
  });
}

/** One JSON item per command of a transaction that ran, or the one error of a discarded one. */
class ExecItems implements TransactionSink {
  readonly items: JsonReply[] = [];
  discardedWith: string | undefined = undefined;

  constructor(private readonly base64: boolean, private readonly ctx: CommandContext) {}

  discarded(message: string): void {
    this.discardedWith = message;
  }

  begin(count: number): void {
    for (let i = 0; i < count; i++) this.items.push(new JsonReply(this.base64, this.ctx.server.stats));
  }

  replyFor(index: number): Reply {
    return this.items[index]!;
  }
}

/**
 * `/multi-exec`: the commands run atomically with one JSON item per command. A discarded
 * transaction (a command refused while queued, keys in several cluster slots) answers its one
 * error with 400.
 */
export function runMultiExec(executor: CommandExecutor, ctx: CommandContext, commands: string[][], base64: boolean): RestAnswer | Promise<RestAnswer> {
  const items = new ExecItems(base64, ctx);
  return whenDone(executor.transaction(ctx, commands, items), () => {
    if (items.discardedWith !== undefined) return jsonError(400, items.discardedWith);
    let body = '[';
    items.items.forEach((item, index) => (body += (index === 0 ? '' : ',') + jsonItem(item)));
    return { status: 200, body: body + ']', contentType: 'application/json' };
  });
}

/** Passes every call on, noting whether the reply began with an error (the 400 of a single command). */
class FirstIsError implements Reply {
  readonly protocol = 2 as const;
  failed = false;
  private started = false;

  constructor(private readonly target: Reply) {}

  private begin(isError: boolean): void {
    if (!this.started) {
      this.started = true;
      this.failed = isError;
    }
  }

  error(message: string): void { this.begin(true); this.target.error(message); }
  ok(): void { this.begin(false); this.target.ok(); }
  simple(text: string): void { this.begin(false); this.target.simple(text); }
  int(value: number | bigint): void { this.begin(false); this.target.int(value); }
  bulk(value: string): void { this.begin(false); this.target.bulk(value); }
  nil(): void { this.begin(false); this.target.nil(); }
  nilArray(): void { this.begin(false); this.target.nilArray(); }
  array(length: number): void { this.begin(false); this.target.array(length); }
  map(pairs: number): void { this.begin(false); this.target.map(pairs); }
  set(length: number): void { this.begin(false); this.target.set(length); }
  double(value: number, text?: string): void { this.begin(false); this.target.double(value, text); }
  bool(value: boolean): void { this.begin(false); this.target.bool(value); }
  verbatim(text: string, format?: string): void { this.begin(false); this.target.verbatim(text, format); }
  bigNumber(digits: string): void { this.begin(false); this.target.bigNumber(digits); }
  push(length: number): void { this.begin(false); this.target.push(length); }
}
