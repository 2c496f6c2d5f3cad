import type { CommandContext } from '../../core/context.js';
import { dispatch } from '../../core/dispatch.js';
import type { Reply } from '../../core/reply.js';
import { RespWriter } from '../resp/writer.js';
import { ExecItemsReply } from './exec-items-reply.js';
import { JsonReply, jsonString } from './json-reply.js';
import { upstashDialect } from './upstash-dialect.js';

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

/** Runs one command through the dispatcher, with Upstash's dialect where it differs from Redis. */
function runCommand(ctx: CommandContext, argv: string[], reply: Reply): void {
  const step = upstashDialect(argv, ctx.session.db, false);
  if (step === undefined) {
    ctx.argv = argv;
    ctx.reply = reply;
    void dispatch(ctx);
    return;
  }
  if (step.answer !== undefined) return step.answer(reply);
  ctx.argv = step.argv;
  ctx.reply = step.wrapReply === undefined ? reply : step.wrapReply(reply);
  void dispatch(ctx);
  step.after?.();
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
export function runSingle(ctx: CommandContext, argv: string[], format: ReplyFormat): RestAnswer {
  const stats = ctx.server.stats;
  if (format === 'resp2') {
    const writer = new RespWriter({ protocol: 2 }, stats, () => {});
    const errorsBefore = stats.errorReplies;
    runCommand(ctx, argv, writer);
    return { status: stats.errorReplies === errorsBefore ? 200 : 400, body: respBytes(writer), contentType: 'application/octet-stream' };
  }
  const reply = new JsonReply(format === 'base64', stats);
  runCommand(ctx, argv, reply);
  if (reply.errorMessage !== undefined) return jsonError(400, reply.errorMessage);
  return { status: 200, body: `{"result":${reply.result}}`, contentType: 'application/json' };
}

/** `/pipeline`: every command in order, each with its own result or error; 200 whatever failed. */
export function runPipeline(ctx: CommandContext, commands: string[][], format: ReplyFormat): RestAnswer {
  const stats = ctx.server.stats;
  if (format === 'resp2') {
    const writer = new RespWriter({ protocol: 2 }, stats, () => {});
    for (const argv of commands) runCommand(ctx, argv, writer);
    return { status: 200, body: respBytes(writer), contentType: 'application/octet-stream' };
  }
  const base64 = format === 'base64';
  let body = '[';
  for (let i = 0; i < commands.length; i++) {
    const reply = new JsonReply(base64, stats);
    runCommand(ctx, commands[i]!, reply);
    body += i === 0 ? jsonItem(reply) : ',' + jsonItem(reply);
  }
  return { status: 200, body: body + ']', contentType: 'application/json' };
}

/**
 * `/multi-exec`: MULTI, the commands queued through the dispatcher (so a refused one dooms the
 * transaction exactly as over RESP), then EXEC with one JSON item per command. A discarded
 * transaction answers its one error with 400.
 */
export function runMultiExec(ctx: CommandContext, commands: string[][], base64: boolean): RestAnswer {
  const { session, server } = ctx;
  const stats = server.stats;
  const filter = session.commandFilter;
  // MULTI and EXEC are ours, not the user's: the REST restrictions refuse them for users.
  const control = (argv: string[], reply: Reply): void => {
    session.commandFilter = undefined;
    ctx.argv = argv;
    ctx.reply = reply;
    void dispatch(ctx);
    session.commandFilter = filter;
  };
  control(['MULTI'], new JsonReply(false, stats));
  for (const argv of commands) {
    const step = upstashDialect(argv, session.db, true);
    ctx.argv = step?.argv ?? argv;
    ctx.reply = new JsonReply(false, stats);
    void dispatch(ctx);
  }
  const items = new ExecItemsReply(base64, stats);
  control(['EXEC'], items);
  if (items.discardedWith !== undefined) return jsonError(400, items.discardedWith);
  let body = '[';
  items.items.forEach((item, index) => (body += (index === 0 ? '' : ',') + jsonItem(item)));
  return { status: 200, body: body + ']', contentType: 'application/json' };
}
