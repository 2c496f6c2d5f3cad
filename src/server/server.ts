import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { ClientRegistry } from '../core/clients.js';
import { Clock } from '../core/clock.js';
import type { ServerContext } from '../core/context.js';
import { propagateExpiredKey, type PropagationSink } from '../core/propagation.js';
import { CommandTable } from '../core/registry.js';
import { ServerStats } from '../core/stats.js';
import { ALL_COMMANDS } from '../commands/index.js';
import { ActiveExpiry } from '../engine/active-expiry.js';
import { trackEncodingLimits, type EncodingLimits } from '../engine/encoding-limits.js';
import { Keyspace } from '../engine/keyspace.js';
import { createRespListener, listen } from '../frontends/resp/listener.js';
import { PubSubHub } from '../pubsub/hub.js';
import { NOTIFY_EXPIRED, notifyKeyspaceEvent, trackNotifyConfig } from '../pubsub/notifications.js';
import { MonitorFeed } from '../pubsub/monitor.js';
import { RdbPersistence } from '../persistence/rdb-persistence.js';
import { AofPersistence } from '../persistence/aof/aof-persistence.js';
import { loadDataset } from '../persistence/load-dataset.js';
import { RestFrontend, type RestTenant } from '../frontends/rest/http-frontend.js';
import { upstashDialect } from '../frontends/rest/upstash-dialect.js';
import { EmbeddedExecutor } from '../core/embedded-executor.js';
import type { RestOptions } from '../frontends/rest/rest-options.js';
import type { RestTokens } from '../frontends/rest/tokens.js';
import { ConfigApplyError, type ConfigStore } from './config.js';
import { parseBind } from './bind.js';
import type { Logger } from './logger.js';

export interface ServerParts {
  config: ConfigStore;
  log: Logger;
  clock?: () => number;
  configFile?: string;
  /** Load the RDB file from `dir` at start (the CLI); the embedding API starts empty. */
  loadData?: boolean;
  /**
   * The REST front end's options and tokens; absent means no REST front end. `tenants` (gateway
   * mode) replaces the embedded engine: each set of tokens runs on its own executor.
   */
  rest?: { options: RestOptions; tokens: RestTokens; tenants?: (server: RestisServer) => RestTenant[] };
  /** false: no RESP listener (gateway mode without --port). */
  resp?: boolean;
}

/** The composition root: one keyspace, one command table, the front ends, the timers. */
export class RestisServer implements ServerContext {
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  readonly config: ConfigStore;
  readonly commands = new CommandTable(ALL_COMMANDS);
  readonly clients = new ClientRegistry();
  readonly stats = new ServerStats();
  readonly activeExpiry: ActiveExpiry;
  readonly encodingLimits: EncodingLimits;
  readonly log: Logger;
  readonly pubsub = new PubSubHub();
  readonly monitors = new MonitorFeed();
  propagation: PropagationSink | undefined = undefined;
  notifyFlags = 0;
  readonly persistence: RdbPersistence = new RdbPersistence(this);
  readonly aof: AofPersistence = new AofPersistence(this);
  readonly startedAt = Date.now();
  readonly runId = randomBytes(20).toString('hex');
  readonly configFile: string;
  lastSave = Math.floor(Date.now() / 1000);
  port = 0;
  /** TCP port of the REST front end (0 when it is off). */
  restPort = 0;
  readonly restTokens: RestTokens | undefined;
  private readonly restOptions: RestOptions | undefined;
  private restFrontend: RestFrontend | undefined;
  private readonly listeners: net.Server[] = [];
  private cronTimer: NodeJS.Timeout | undefined;
  private closed: Promise<void> | undefined;
  private readonly shutdownHandlers: Array<() => void> = [];
  private readonly loadData: boolean;
  private readonly respEnabled: boolean;
  private readonly makeTenants: ((server: RestisServer) => RestTenant[]) | undefined;
  private restTenants: RestTenant[] = [];

  constructor(parts: ServerParts) {
    this.config = parts.config;
    this.log = parts.log;
    this.configFile = parts.configFile ?? '';
    this.loadData = parts.loadData ?? false;
    this.respEnabled = parts.resp ?? true;
    this.makeTenants = parts.rest?.tenants;
    this.clock = new Clock(parts.clock);
    this.restOptions = parts.rest?.options.enabled ? parts.rest.options : undefined;
    this.restTokens = this.restOptions === undefined ? undefined : parts.rest!.tokens;
    this.keyspace = new Keyspace(this.config.getNumber('databases'), this.clock);
    this.activeExpiry = new ActiveExpiry(this.keyspace, this.config.getNumber('hz'));
    this.encodingLimits = trackEncodingLimits(this.config);
    this.keyspace.onExpired((db, key) => propagateExpiredKey(this, db, key));
    this.keyspace.onExpired((db, key) => notifyKeyspaceEvent(this, NOTIFY_EXPIRED, 'expired', key, db.index));
    trackNotifyConfig(this);
    this.config.onChange('hz', (_, value) => this.activeExpiry.setHz(Number(value)));
    this.config.onChange('appendonly', (_, value) => {
      // While loading, the setting takes effect once the dataset is in (start() reads it then).
      if (this.persistence.loading !== undefined) return;
      if (value !== 'yes') this.aof.disable();
      else if (!this.aof.enable(true)) throw new ConfigApplyError('Unable to turn on AOF. Check server logs.');
    });
    this.config.onChange('loglevel', (_, value) => (this.log.level = value as Logger['level']));
  }

  /**
   * Opens the RESP listener on every `bind` address, then the REST front end on every REST bind
   * address; the first address of each picks the port when it is 0.
   */
  async start(): Promise<void> {
    let port = this.config.getNumber('port');
    try {
      port = this.respEnabled ? await this.listenAll(this.config.get('bind'), port, () => createRespListener(this)) : 0;
      if (this.restOptions !== undefined) {
        this.restTenants = this.makeTenants?.(this) ?? [{ tokens: this.restTokens!, executor: new EmbeddedExecutor(this, upstashDialect) }];
        const frontend = new RestFrontend(this, this.restOptions, this.restTenants);
        this.restFrontend = frontend;
        try {
          this.restPort = await this.listenAll(this.restOptions.bind, this.restOptions.port, () => frontend.createServer());
        } catch (error) {
          (error as { frontEnd?: string }).frontEnd = 'rest';
          throw error;
        }
      }
      this.port = port;
      // With --port 0, CONFIG GET port should name the port actually chosen.
      this.config.set('port', String(port), true);
      // Listening already: clients that connect while the data loads get -LOADING, as in Redis.
      if (this.loadData) await loadDataset(this);
      if (this.config.getBool('appendonly')) this.aof.enable();
    } catch (error) {
      // Do not leave the addresses already bound listening behind a failed start.
      await this.closeListeners();
      throw error;
    }
    this.activeExpiry.start();
    this.cronTimer = setInterval(() => this.cron(), 1000);
    this.cronTimer.unref();
  }

  private async listenAll(bind: string, port: number, create: () => net.Server): Promise<number> {
    for (const { host, optional } of parseBind(bind)) {
      const listener = create();
      try {
        port = await listen(listener, port, host);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (!optional || (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT')) throw error;
        this.log.warning(`could not listen on optional address ${host}: ${code}`);
        continue;
      }
      this.listeners.push(listener);
    }
    return port;
  }

  /** Once a second: close clients idle for longer than `timeout`. */
  private cron(): void {
    this.persistence.cron();
    this.aof.cron(this.persistence.bgsaveInProgress);
    const timeoutSeconds = this.config.getNumber('timeout');
    if (timeoutSeconds <= 0) return;
    const now = Date.now();
    for (const session of this.clients.all()) {
      // Clients waiting in a blocking command are not idle (Redis exempts them too).
      if (this.keyspace.blocking.isBlocked(session)) continue;
      // Subscribers and monitors wait for the server to talk: not idle either.
      if (this.pubsub.isSubscribed(session.id) || this.monitors.has(session.id)) continue;
      if (now - session.lastInteraction > timeoutSeconds * 1000) {
        this.log.verbose(`closing idle client id=${session.id}`);
        session.transport.close(false);
      }
    }
  }

  onShutdown(handler: () => void): void {
    this.shutdownHandlers.push(handler);
  }

  /**
   * What a clean stop writes first: the RDB snapshot when save points are configured (or SAVE was
   * asked), unless NOSAVE. Returns false when that save failed.
   */
  saveBeforeShutdown(mode: 'default' | 'save' | 'nosave' = 'default'): boolean {
    if (mode === 'nosave' || (mode === 'default' && this.config.get('save').trim() === '')) return true;
    // A half-loaded dataset must not replace the file it comes from (Redis turns SAVE into NOSAVE too).
    if (this.persistence.loading !== undefined) return true;
    try {
      this.persistence.saveNow();
      return true;
    } catch {
      return false;
    }
  }

  shutdown(): void {
    void this.close().then(() => {
      for (const handler of this.shutdownHandlers) handler();
    });
  }

  /** Stops listening, disconnects every client, stops the timers. */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    this.activeExpiry.stop();
    this.persistence.loading?.abort();
    this.persistence.abandonBackground();
    this.aof.close();
    if (this.cronTimer) clearInterval(this.cronTimer);
    for (const session of [...this.clients.all()]) session.transport.close(false);
    this.closed = this.closeListeners();
    this.restFrontend?.close();
    for (const tenant of this.restTenants) void tenant.executor.close();
    return this.closed;
  }

  private async closeListeners(): Promise<void> {
    const listeners = this.listeners.splice(0);
    await Promise.all(listeners.map((listener) => new Promise<void>((resolve) => listener.close(() => resolve()))));
  }
}
