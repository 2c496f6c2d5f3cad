import { Cluster, Command, Pipeline, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ExecutorUnavailable } from '../core/executor.js';
import { upstreamTimeout, upstreamUnavailable } from '../core/errors.js';
import { describeAddress, tlsOptions, type UpstreamAddress, type UpstreamOptions } from './upstream.js';
import type { JsonBody } from './json-body.js';
import { UpstreamSocket, type Settled } from './upstream-socket.js';

export type { Settled } from './upstream-socket.js';

/** A command as the gateway forwards it: binary-string arguments, the name first. */
export type Argv = readonly string[];

/** A command whose reply ioredis hands over untouched (no HGETALL-to-object and the like). */
export class RawCommand extends Command {
  constructor(argv: readonly string[]) {
    super(argv[0]!, argv.slice(1).map((arg) => Buffer.from(arg, 'latin1')), { replyEncoding: null });
  }

  // ioredis types replies as strings or Buffers; raw replies are any RESP value (arrays, numbers, nulls).
  override transformReply(result: Buffer | Buffer[]): Buffer | Buffer[] {
    return result;
  }
}

/**
 * The gateway reads integers as decimal strings (stringNumbers), so none loses digits. ioredis's
 * own CLUSTER SLOTS handling compares the slot ranges as they arrive, and strings compare as text
 * ("5461" > "10922"), which leaves a third of the slots unmapped. Its reply goes through this
 * transformer (the gateway's forwarded commands bypass transformers): ranges and ports as numbers.
 */
Command.setReplyTransformer('cluster', (result: unknown) => {
  if (!Array.isArray(result) || !result.every((range) => Array.isArray(range) && typeof range[0] === 'string' && /^\d+$/.test(range[0]))) return result;
  return (result as unknown[][]).map((range) => range.map((item, index) => {
    if (index < 2) return Number(item);
    if (Array.isArray(item) && typeof item[1] === 'string') return [item[0], Number(item[1]), ...item.slice(2)];
    return item;
  }));
});

/** A Redis error reply, as opposed to a connection failure or a timeout. */
export function isReplyError(error: Error): boolean {
  return error.name === 'ReplyError';
}

/** Cluster redirections and outages: the request may be retried, so they are 503s, not Redis errors. */
export function isClusterTransient(message: string): boolean {
  return /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|LOADING|MASTERDOWN|READONLY) /.test(message);
}

/**
 * The connections to the upstream: a bounded pool of our own connections to one server (see
 * upstream-socket.ts), or an ioredis Cluster. Nothing
 * waits for a connection that is down (no offline queue): a command sent while the upstream is
 * unreachable fails at once, one in flight when the connection drops fails with it (never resent,
 * so a write is never applied twice), and every call gives up after the timeout.
 */
export class UpstreamConnections {
  readonly description: string;
  private readonly pool: UpstreamSocket[] = [];
  private readonly cluster: Cluster | undefined;
  private next = 0;
  private lastPicked: UpstreamSocket | undefined;

  constructor(private readonly options: UpstreamOptions, onError: (message: string) => void) {
    const seed = options.cluster?.[0] ?? options.server!;
    this.description = options.cluster === undefined ? describeAddress(seed) : `cluster ${options.cluster.map(describeAddress).join(',')}`;
    let lastError = '';
    const report = (error: Error): void => {
      // ioredis reports every failed reconnection: log a change of error, not each attempt.
      if (error.message !== lastError) onError(`upstream ${this.description}: ${error.message}`);
      lastError = error.message;
    };
    if (options.cluster !== undefined) {
      const clusterOptions: ClusterOptions = {
        redisOptions: this.connectionOptions(seed),
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        scaleReads: 'master',
        clusterRetryStrategy: (times) => Math.min(100 * times, 1000),
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        maxRedirections: 16,
        slotsRefreshTimeout: options.timeoutMs,
        dnsLookup: (address, callback) => callback(null, address),
      };
      this.cluster = new Cluster(options.cluster.map(({ host, port }) => ({ host, port })), clusterOptions);
      this.cluster.on('error', report);
      this.cluster.on('ready', () => (lastError = ''));
    } else {
      const timeout = options.timeoutMs;
      const tls = tlsOptions(seed, options.tls);
      for (let i = 0; i < options.poolSize; i++) {
        const connection = new UpstreamSocket({
          host: seed.host,
          port: seed.port,
          username: seed.username,
          password: seed.password,
          db: seed.db,
          tls,
          connectionName: 'restis-gateway',
          connectTimeoutMs: timeout,
          retryDelay: (times) => Math.min(50 * times, 1000),
        });
        connection.on('error', report);
        connection.on('ready', () => (lastError = ''));
        this.pool.push(connection);
      }
    }
  }

  get isCluster(): boolean {
    return this.cluster !== undefined;
  }

  connectionOptions(address: UpstreamAddress, subscriber = false): RedisOptions {
    const timeout = this.options.timeoutMs;
    return {
      host: address.host,
      port: address.port,
      username: address.username,
      password: address.password,
      db: address.db,
      tls: tlsOptions(address, this.options.tls),
      protocol: 2,
      stringNumbers: true,
      connectionName: subscriber ? 'restis-gateway-stream' : 'restis-gateway',
      connectTimeout: timeout,
      commandTimeout: subscriber ? undefined : timeout,
      enableOfflineQueue: subscriber,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Subscriber connections end with their stream; pool connections come back by themselves.
      retryStrategy: subscriber ? () => null : (times) => Math.min(50 * times, 1000),
      lazyConnect: subscriber,
    };
  }

  /** A pool connection that is ready, round robin; undefined when none is. */
  private pick(): UpstreamSocket | undefined {
    // Requests of one event-loop turn share a connection, so they share one write (and Redis one read).
    const last = this.lastPicked;
    if (last !== undefined && last.status === 'ready' && last.collecting) return last;
    for (let tries = 0; tries < this.pool.length; tries++) {
      const connection = this.pool[this.next++ % this.pool.length]!;
      if (connection.status === 'ready') return (this.lastPicked = connection);
    }
    return undefined;
  }

  /**
   * A ready pool connection, or, while the first connection attempts are still under way (just
   * after start), the first one to become ready within the timeout. A pool that is down (its
   * connections retrying) fails at once.
   */
  private ready(): UpstreamSocket | Promise<UpstreamSocket> | undefined {
    const connection = this.pick();
    if (connection !== undefined) return connection;
    const starting = this.pool.filter((candidate) => candidate.status === 'connecting');
    if (starting.length === 0) return undefined;
    return this.guard(Promise.race(starting.map((candidate) => new Promise<UpstreamSocket>((resolve, reject) => {
      candidate.once('ready', () => resolve(candidate));
      candidate.once('error', reject);
    }))));
  }

  /** Runs `use` on a ready pool connection. */
  private withConnection<T>(use: (connection: UpstreamSocket) => Promise<T>): Promise<T> {
    const target = this.ready();
    if (target === undefined) return Promise.reject(this.unavailable('not connected'));
    return target instanceof Promise ? target.then(use) : use(target);
  }

  /** Runs one command. */
  send(argv: Argv): Promise<Settled> {
    if (this.cluster !== undefined) return this.guard(settle(this.cluster.sendCommand(new RawCommand(argv)) as Promise<unknown>));
    return this.withConnection((connection) => this.guard(connection.send([argv]))).then(first);
  }

  /** Runs commands in order; on one server they go out together on one connection. */
  sendAll(commands: readonly Argv[]): Promise<Settled[]> {
    if (this.cluster === undefined) return this.contiguous(commands);
    if (commands.length === 1) return this.send(commands[0]!).then((settled) => [settled]);
    // Split by node (ioredis routes each command and pipelines per node), reassembled in order.
    const cluster = this.cluster;
    return this.guard(Promise.all(commands.map((argv) => settle(cluster.sendCommand(new RawCommand(argv)) as Promise<unknown>))));
  }

  /** Runs commands together on one pool connection (never a cluster), their replies written into `json`. */
  sendJson(commands: readonly Argv[], json: JsonBody): Promise<unknown> {
    return this.withConnection((connection) => this.guard(connection.sendJson(commands, json)));
  }

  /**
   * Runs commands back to back on one connection, nothing else between them (MULTI ... EXEC). On a
   * cluster they go to the master of `slot` (the caller has checked that their keys share it); a
   * redirection there is the caller's to report, not followed.
   */
  contiguous(commands: readonly Argv[], slot?: number): Promise<Settled[]> {
    if (this.cluster === undefined) return this.withConnection((connection) => this.guard(connection.send(commands)));
    const node = this.nodeFor(slot);
    if (node === undefined) return Promise.reject(this.unavailable(`no known master for slot ${slot}`));
    const pipeline = node.pipeline() as Pipeline;
    for (const argv of commands) pipeline.sendCommand(new RawCommand(argv));
    return this.guard(pipeline.exec().then((results) => results as Settled[]));
  }

  /** The master serving `slot` as ioredis last saw the cluster (any master for keyless commands). */
  private nodeFor(slot: number | undefined): Redis | undefined {
    const masters = this.cluster!.nodes('master');
    const owner = slot === undefined ? undefined : this.cluster!.slots[slot]?.[0];
    return masters.find((node) => `${node.options.host}:${node.options.port}` === owner) ?? (slot === undefined ? masters[0] : undefined);
  }

  /** A new connection of its own (a pub/sub or MONITOR stream), connected. */
  async dedicated(): Promise<Redis> {
    const address = this.options.cluster?.[0] ?? this.options.server!;
    const connection = new Redis(this.connectionOptions(address, true));
    connection.on('error', () => undefined);
    try {
      await this.guard(connection.connect());
    } catch (error) {
      connection.disconnect();
      throw error;
    }
    return connection;
  }

  /** Round trip to the upstream, in milliseconds. */
  async ping(): Promise<number> {
    const started = performance.now();
    const [error] = await this.send(['PING']);
    if (error !== null) throw error;
    return performance.now() - started;
  }

  private unavailable(why: string): ExecutorUnavailable {
    return new ExecutorUnavailable(503, upstreamUnavailable(this.description, why));
  }

  /** Connection failures as 503, no answer in time as 504. */
  private guard<T>(work: Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ExecutorUnavailable(504, upstreamTimeout(this.description, timeoutMs))), timeoutMs);
      work.then((value) => {
        clearTimeout(timer);
        resolve(value);
      }, (error: Error) => {
        clearTimeout(timer);
        if (error instanceof ExecutorUnavailable) reject(error);
        else if (/timed out/i.test(error.message)) reject(new ExecutorUnavailable(504, upstreamTimeout(this.description, timeoutMs)));
        else reject(this.unavailable(error.message));
      });
    });
  }

  async close(): Promise<void> {
    for (const connection of this.pool) connection.disconnect();
    this.cluster?.disconnect();
  }
}

function first(settled: Settled[]): Settled {
  return settled[0]!;
}

/** A command's promise as [error, value]: Redis error replies are results, not failures. */
function settle(promise: Promise<unknown>): Promise<Settled> {
  return promise.then((value): Settled => [null, value], (error: Error) => {
    if (isReplyError(error)) return [error, undefined];
    throw error;
  });
}
