import type { ActiveExpiry } from '../engine/active-expiry.js';
import type { Database } from '../engine/database.js';
import type { EncodingLimits } from '../engine/encoding-limits.js';
import type { Keyspace } from '../engine/keyspace.js';
import type { PubSubHub } from '../pubsub/hub.js';
import type { MonitorFeed } from '../pubsub/monitor.js';
import type { RdbPersistence } from '../persistence/rdb-persistence.js';
import type { AofPersistence } from '../persistence/aof/aof-persistence.js';
import type { ConfigStore } from '../server/config.js';
import type { Logger } from '../server/logger.js';
import type { ClientRegistry } from './clients.js';
import type { Clock } from './clock.js';
import type { CommandSpec } from './command.js';
import type { CommandTable } from './registry.js';
import type { Reply } from './reply.js';
import type { PropagationSink } from './propagation.js';
import type { Session } from './session.js';
import type { ServerStats } from './stats.js';

/** What commands may see of the server they run in. */
export interface ServerContext {
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  readonly config: ConfigStore;
  readonly commands: CommandTable;
  readonly clients: ClientRegistry;
  readonly stats: ServerStats;
  readonly activeExpiry: ActiveExpiry;
  /** Thresholds between compact and general encodings of collections (from the config). */
  readonly encodingLimits: EncodingLimits;
  readonly log: Logger;
  /** Channels, patterns and shard channels of every front end. */
  readonly pubsub: PubSubHub;
  /** MONITOR connections and REST monitor streams. */
  readonly monitors: MonitorFeed;
  /** Where executed writes are logged (the AOF); undefined costs one check per command. */
  propagation: PropagationSink | undefined;
  /** Parsed notify-keyspace-events (see pubsub/notifications.ts); 0 costs one check per event. */
  notifyFlags: number;
  /** RDB snapshots: SAVE, BGSAVE, save points, loading. */
  readonly persistence: RdbPersistence;
  /** The append-only file: appending, rewrites, loading. */
  readonly aof: AofPersistence;
  readonly startedAt: number;
  readonly runId: string;
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave: number;
  /** TCP port of the RESP listener (0 when it is off). */
  readonly port: number;
  readonly configFile: string;
  /** SHUTDOWN's save: false when it failed. */
  saveBeforeShutdown(mode?: 'default' | 'save' | 'nosave'): boolean;
  /** Stop the server (SHUTDOWN, signals). */
  shutdown(): void;
}

/** Everything a command handler receives. */
export interface CommandContext {
  argv: string[];
  session: Session;
  /** The session's selected database when the command started. */
  db: Database;
  reply: Reply;
  server: ServerContext;
  spec: CommandSpec;
  /**
   * Blocking commands must answer at once instead of waiting (inside MULTI, scripts, REST):
   * they behave as if their timeout had passed.
   */
  denyBlocking: boolean;
}
