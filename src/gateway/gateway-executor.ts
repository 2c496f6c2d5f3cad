import type { Redis } from 'ioredis';
import { admission } from '../core/admission.js';
import type { CommandContext } from '../core/context.js';
import { ERR_CROSSSLOT, ERR_EXECABORT } from '../core/errors.js';
import { ExecutorUnavailable, type CommandExecutor, type ExecutorHealth, type StreamHandle, type StreamRequest, type StreamSink, type TransactionSink } from '../core/executor.js';
import type { CommandSpec } from '../core/command.js';
import type { CommandTable } from '../core/registry.js';
import type { Reply } from '../core/reply.js';
import { findKeys } from '../commands/server/command-keys.js';
import { formatMonitorLine } from '../pubsub/monitor.js';
import { upstashDialect } from '../frontends/rest/upstash-dialect.js';
import { gatewayDialect, settledReply, type CommandPlan, type DeferredReply, type UpstreamCalls } from './gateway-dialect.js';
import { keySlot } from './hash-slot.js';
import { JsonBody } from './json-body.js';
import type { DirectJsonAnswer } from '../frontends/rest/direct-json.js';
import { writeTopLevel } from './reply-conversion.js';
import { isClusterTransient, UpstreamConnections, type Settled } from './upstream-connections.js';
import type { UpstreamOptions } from './upstream.js';

/**
 * The gateway's executor: the same checks as dispatch (REST restrictions, the read-only token,
 * cluster slots) here, then the commands on the upstream through ioredis; the replies come back
 * into the same Reply writers the embedded engine uses. A request's commands go out together
 * (one pipeline on one connection, or split by node on a cluster) and are answered in order.
 */
export class GatewayExecutor implements CommandExecutor {
  readonly mode = 'gateway' as const;
  private readonly connections: UpstreamConnections;
  private readonly calls: UpstreamCalls;
  /** Requests that may have written (each gateway process counts its own). */
  private changes = 0;
  /** The last sync token handed out; each write moves the next one on, so concurrent writes get distinct tokens. */
  private issued = 0;

  constructor(private readonly commands: CommandTable, options: UpstreamOptions, log: (message: string) => void) {
    this.connections = new UpstreamConnections(options, log);
    this.calls = {
      one: (argv) => this.connections.send(argv),
      all: (list) => this.connections.sendAll(list),
    };
  }

  get upstream(): string {
    return this.connections.description;
  }

  run(ctx: CommandContext, commands: readonly string[][], replyFor: (index: number) => Reply): Promise<void> {
    let writes = false;
    let plain = true;
    const plans: CommandPlan[] = new Array(commands.length);
    for (let i = 0; i < commands.length; i++) {
      const argv = commands[i]!;
      const { spec, refusal } = admission(this.commands, ctx.session, argv);
      const plan = this.plan(ctx, argv, spec, refusal);
      if (plan.local === undefined && !writes) writes = spec === undefined || !(spec.parent ?? spec).isReadonly;
      if (plan.argv === undefined) plain = false;
      plans[i] = plan;
    }
    if (plain) return this.forward(plans, writes, replyFor);
    return this.execute(plans).then((replies) => {
      if (writes) this.changes++;
      for (let i = 0; i < replies.length; i++) replies[i]!(replyFor(i));
    });
  }

  /**
   * The REST JSON of a request written straight from the upstream's reply bytes (see JsonBody),
   * when every command goes to one server as it is; undefined leaves the request to run().
   */
  runJson(ctx: CommandContext, commands: readonly string[][], base64: boolean, array: boolean): Promise<DirectJsonAnswer> | undefined {
    if (this.connections.isCluster) return undefined;
    let writes = false;
    const forwarded: string[][] = new Array(commands.length);
    for (let i = 0; i < commands.length; i++) {
      const argv = commands[i]!;
      const { spec, refusal } = admission(this.commands, ctx.session, argv);
      if (refusal !== undefined) return undefined;
      const plan = gatewayDialect(argv, ctx.session.db, this.calls);
      if (plan !== undefined && plan.argv === undefined) return undefined;
      forwarded[i] = plan?.argv ?? argv;
      if (!writes) writes = spec === undefined || !(spec.parent ?? spec).isReadonly;
    }
    const stats = ctx.server.stats;
    const json = new JsonBody(base64, array, commands.length, (message) => stats.recordError(message));
    return this.connections.sendJson(forwarded, json).then(() => {
      if (writes) this.changes++;
      return json.answer();
    });
  }

  /** The common request: every command goes to the upstream as it is, all in one batch. */
  private forward(plans: readonly CommandPlan[], writes: boolean, replyFor: (index: number) => Reply): Promise<void> {
    const argvs: string[][] = new Array(plans.length);
    for (let i = 0; i < plans.length; i++) argvs[i] = plans[i]!.argv!;
    return this.connections.sendAll(argvs).then((settled) => {
      if (this.connections.isCluster) {
        for (const [error] of settled) {
          if (error !== null && isClusterTransient(error.message)) throw new ExecutorUnavailable(503, error.message);
        }
      }
      if (writes) this.changes++;
      for (let i = 0; i < settled.length; i++) {
        const [error, value] = settled[i]!;
        const reply = replyFor(i);
        if (error === null) writeTopLevel(reply, argvs[i]!, value);
        else reply.error(error.message);
      }
    });
  }

  private mayWrite(argv: readonly string[]): boolean {
    const spec = this.commands.lookup(argv[0]!);
    return spec === undefined || !spec.isReadonly;
  }

  /** What dispatch would check, then the dialect, then (on a cluster) that the keys share a slot. */
  private plan(ctx: CommandContext, argv: string[], spec: CommandSpec | undefined, refusal: string | undefined): CommandPlan {
    if (refusal !== undefined) return { local: (reply) => reply.error(refusal) };
    const plan = gatewayDialect(argv, ctx.session.db, this.calls) ?? { argv };
    if (this.connections.isCluster && spec !== undefined && plan.argv !== undefined && slotsOf([plan.argv], this.commands).size > 1) {
      return { local: (reply) => reply.error(ERR_CROSSSLOT) };
    }
    return plan;
  }

  /** Forwards runs of plain commands as one batch; dialect steps run between them, in order. */
  private async execute(plans: CommandPlan[]): Promise<DeferredReply[]> {
    const replies: DeferredReply[] = new Array(plans.length);
    let batch: number[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const indexes = batch;
      batch = [];
      const settled = await this.connections.sendAll(indexes.map((index) => plans[index]!.argv!));
      indexes.forEach((index, position) => (replies[index] = this.replyOf(plans[index]!.argv!, settled[position]!)));
    };
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      if (plan.local !== undefined) {
        replies[i] = plan.local;
      } else if (plan.steps !== undefined) {
        await flush();
        replies[i] = await plan.steps();
      } else {
        batch.push(i);
      }
    }
    await flush();
    return replies;
  }

  private replyOf(argv: readonly string[], settled: Settled): DeferredReply {
    const error = settled[0];
    if (error !== null && this.connections.isCluster && isClusterTransient(error.message)) throw new ExecutorUnavailable(503, error.message);
    return settledReply(argv, settled);
  }

  /**
   * MULTI, the commands and EXEC back to back on one connection. A command the checks refuse
   * discards the transaction before anything is sent (EXECABORT, as when dispatch refuses one
   * while queuing); on a cluster, keys in more than one slot discard it with CROSSSLOT.
   */
  async transaction(ctx: CommandContext, commands: readonly string[][], sink: TransactionSink): Promise<void> {
    const queued: string[][] = [];
    for (const argv of commands) {
      const { refusal } = admission(this.commands, ctx.session, argv);
      if (refusal !== undefined) {
        ctx.server.stats.recordError(refusal);
        return sink.discarded(ERR_EXECABORT);
      }
      queued.push(upstashDialect(argv, ctx.session.db, true)?.argv ?? argv);
    }
    const slots = this.connections.isCluster ? slotsOf(queued, this.commands) : new Set<number>();
    if (slots.size > 1) return sink.discarded(ERR_CROSSSLOT);
    const settled = await this.connections.contiguous([['MULTI'], ...queued, ['EXEC']], slots.values().next().value);
    if (queued.some((argv) => this.mayWrite(argv))) this.changes++;
    const [execError, results] = settled[settled.length - 1]!;
    if (execError !== null) {
      if (this.connections.isCluster && isClusterTransient(execError.message)) throw new ExecutorUnavailable(503, execError.message);
      return sink.discarded(execError.message);
    }
    if (!Array.isArray(results)) return sink.discarded(ERR_EXECABORT);
    sink.begin(results.length);
    results.forEach((value, index) => {
      const reply = sink.replyFor(index);
      if (value instanceof Error) reply.error(value.message);
      else writeTopLevel(reply, queued[index]!, value);
    });
  }

  /** A dedicated upstream connection per stream, closed with it. */
  async openStream(_ctx: CommandContext, request: StreamRequest, sink: StreamSink): Promise<StreamHandle> {
    const connection = await this.connections.dedicated();
    let closing = false;
    connection.on('end', () => {
      if (!closing) sink.failed(`ERR upstream ${this.connections.description} connection lost`);
    });
    const handle = { close: () => { closing = true; connection.disconnect(); } };
    if (request.kind === 'monitor') {
      const monitor = await this.startMonitor(connection, sink);
      return { close: () => { closing = true; monitor.disconnect(); connection.disconnect(); } };
    }
    connection.on('messageBuffer', (channel: Buffer, message: Buffer) => sink.message(binary(channel), binary(message)));
    // ioredis gives the pattern as decoded text: map it back to the pattern as subscribed (its bytes).
    const patterns = new Map(request.names.map((name) => [Buffer.from(name, 'latin1').toString(), name]));
    connection.on('pmessageBuffer', (pattern: string, channel: Buffer, message: Buffer) => sink.patternMessage(patterns.get(pattern) ?? pattern, binary(channel), binary(message)));
    for (const name of request.names) {
      // ioredis types the names as strings; Buffers keep binary names exact.
      const channel = Buffer.from(name, 'latin1') as unknown as string;
      const count = request.kind === 'psubscribe' ? await connection.psubscribe(channel) : await connection.subscribe(channel);
      sink.subscribed(request.kind, name, Number(count));
    }
    return handle;
  }

  private async startMonitor(connection: Redis, sink: StreamSink): Promise<Redis> {
    const monitor = await connection.monitor();
    monitor.on('monitor', (time: string, args: string[], source: string, database: string) => {
      const [seconds = '0', micros = '0'] = time.split('.');
      sink.monitorLine(formatMonitorLine(Number(seconds) * 1e6 + Number(micros.padEnd(6, '0')), Number(database), source, args));
    });
    sink.monitoring();
    return monitor;
  }

  syncToken(): string {
    if (this.issued < this.changes) this.issued++;
    return String(this.issued);
  }

  async health(): Promise<ExecutorHealth> {
    try {
      const latency = await this.connections.ping();
      return { ok: true, mode: 'gateway', detail: { upstream: this.connections.description, latencyMs: Math.round(latency * 1000) / 1000 } };
    } catch (error) {
      return { ok: false, mode: 'gateway', detail: { upstream: this.connections.description, error: (error as Error).message } };
    }
  }

  close(): Promise<void> {
    return this.connections.close();
  }
}

function binary(buffer: Buffer): string {
  return buffer.latin1Slice(0, buffer.length);
}

/** The cluster slots the keys of these commands hash to. */
function slotsOf(commands: readonly string[][], table: CommandTable): Set<number> {
  const slots = new Set<number>();
  for (const argv of commands) {
    let spec = table.lookup(argv[0]!);
    if (spec === undefined) continue;
    if (spec.subcommands !== undefined) {
      spec = argv.length >= 2 ? spec.subcommands.get(argv[1]!.toLowerCase()) : undefined;
      if (spec === undefined) continue;
    }
    if (spec.arity > 0 ? argv.length !== spec.arity : argv.length < -spec.arity) continue;
    for (const key of findKeys(spec, argv)) slots.add(keySlot(argv[key.position]!));
  }
  return slots;
}
