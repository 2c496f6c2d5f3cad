import { configSetFailed } from '../core/errors.js';
import { compileGlob } from '../core/glob.js';

/**
 * Redis's configuration parameters: names, defaults, validation and the canonical text CONFIG GET
 * answers. Parameters that only tune internal encodings or limits are stored and returned;
 * values that would need a feature Restis does not have yet are refused with a clear reason.
 */

type Kind = 'bool' | 'int' | 'memory' | 'enum' | 'string';

export interface ConfigParam {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: Kind;
  readonly defaultValue: string;
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  readonly choices?: readonly string[];
  /** Only at startup (flags, config file), never CONFIG SET. */
  readonly immutable?: boolean;
  /** Refused by CONFIG SET unless enable-protected-configs allows it. */
  readonly protectedConfig?: boolean;
  /** Parses a value of a 'string' parameter to its canonical text, or returns an error reason. */
  readonly normalize?: (value: string) => { value: string } | { error: string };
  /** Values outside this range are accepted and clamped into it (hz). */
  readonly clampTo?: readonly [number, number];
  /** Returns a reason when the value needs a feature Restis does not have yet. */
  readonly unsupported?: (canonical: string) => string | undefined;
}

export type ConfigListener = (name: string, value: string) => void;

const INT_MAX = 2147483647;
const LLONG_MAX = 9223372036854775807n;
const notYet = (feature: string) => `not supported by Restis yet (${feature})`;

function bool(name: string, defaultValue: boolean, extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, aliases: [], kind: 'bool', defaultValue: defaultValue ? 'yes' : 'no', ...extra };
}
function int(name: string, defaultValue: number, min: number, max: number, extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, aliases: [], kind: 'int', defaultValue: String(defaultValue), min, max, ...extra };
}
function memory(name: string, defaultValue: number | bigint, min: number | bigint, max: number | bigint, extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, aliases: [], kind: 'memory', defaultValue: String(defaultValue), min, max, ...extra };
}
function choice(name: string, defaultValue: string, choices: string[], extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, aliases: [], kind: 'enum', defaultValue, choices, ...extra };
}
function text(name: string, defaultValue: string, extra: Partial<ConfigParam> = {}): ConfigParam {
  return { name, aliases: [], kind: 'string', defaultValue, ...extra };
}

/** "3600 1 300 100" -> pairs of positive integers, or "" for no snapshots. */
function normalizeSave(value: string): { value: string } | { error: string } {
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length % 2 !== 0 || words.some((w) => !/^\d+$/.test(w))) return { error: 'Invalid save parameters' };
  return { value: words.join(' ') };
}

const KEYSPACE_EVENT_CLASSES = 'Ag$lshzxeKEtmdn';
function normalizeKeyspaceEvents(value: string): { value: string } | { error: string } {
  for (const c of value) {
    if (!KEYSPACE_EVENT_CLASSES.includes(c)) return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  }
  return { value };
}

const OUTPUT_BUFFER_CLASSES = ['normal', 'slave', 'replica', 'pubsub'];
function normalizeOutputBufferLimit(value: string): { value: string } | { error: string } {
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const limits = new Map<string, string>([['normal', '0 0 0'], ['slave', '268435456 67108864 60'], ['pubsub', '33554432 8388608 60']]);
  for (let i = 0; i < words.length; i += 4) {
    const cls = words[i]!.toLowerCase();
    if (!OUTPUT_BUFFER_CLASSES.includes(cls)) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = parseMemory(words[i + 1]!);
    const soft = parseMemory(words[i + 2]!);
    const seconds = words[i + 3]!;
    if (hard === null || soft === null || !/^\d+$/.test(seconds)) return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    limits.set(cls === 'replica' ? 'slave' : cls, `${hard} ${soft} ${seconds}`);
  }
  return { value: [...limits].map(([cls, limit]) => `${cls} ${limit}`).join(' ') };
}

function normalizeWordCount(count: number) {
  return (value: string): { value: string } | { error: string } => {
    const words = value.split(/\s+/).filter(Boolean);
    if (words.length !== count || words.some((w) => !/^-?\d+$/.test(w))) return { error: 'wrong number of arguments' };
    return { value: words.join(' ') };
  };
}

function normalizeBind(value: string): { value: string } | { error: string } {
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length === 0) return { error: 'Invalid bind address' };
  return { value: words.join(' ') };
}

const POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'];

export const CONFIG_PARAMS: readonly ConfigParam[] = [
  // Network and clients.
  int('port', 6379, 0, 65535, { immutable: true }),
  text('bind', '127.0.0.1', { normalize: normalizeBind, immutable: true }),
  int('tcp-backlog', 511, 0, INT_MAX, { immutable: true }),
  int('timeout', 0, 0, INT_MAX),
  int('tcp-keepalive', 300, 0, INT_MAX),
  int('maxclients', 10000, 1, INT_MAX),
  bool('protected-mode', true),
  text('unixsocket', '', { immutable: true, unsupported: (v) => (v ? notYet('unix sockets') : undefined) }),
  int('unixsocketperm', 0, 0, 0o777, { immutable: true }),
  text('requirepass', ''),
  text('masterauth', ''),
  text('masteruser', ''),
  text('aclfile', '', { immutable: true, unsupported: (v) => (v ? notYet('ACL files') : undefined) }),
  int('acllog-max-len', 128, 0, INT_MAX),
  choice('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
  memory('client-query-buffer-limit', 1024 * 1024 * 1024, 1024 * 1024, LLONG_MAX),
  memory('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, LLONG_MAX),
  text('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', { normalize: normalizeOutputBufferLimit }),
  memory('maxmemory-clients', 0, 0, LLONG_MAX, { unsupported: (v) => (v !== '0' ? notYet('client eviction') : undefined) }),
  int('io-threads', 1, 1, 128, { immutable: true }),
  bool('io-threads-do-reads', false, { immutable: true }),
  int('busy-reply-threshold', 5000, 0, INT_MAX, { aliases: ['lua-time-limit'] }),
  choice('enable-debug-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  choice('enable-module-command', 'no', ['no', 'yes', 'local'], { immutable: true }),
  choice('enable-protected-configs', 'no', ['no', 'yes', 'local'], { immutable: true }),
  // General.
  int('databases', 16, 1, INT_MAX, { immutable: true }),
  int('hz', 10, 0, INT_MAX, { clampTo: [1, 500] }),
  bool('dynamic-hz', true),
  choice('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  text('logfile', '', { immutable: true }),
  bool('syslog-enabled', false, { immutable: true }),
  text('syslog-ident', 'redis', { immutable: true }),
  choice('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { immutable: true }),
  bool('daemonize', false, { immutable: true, unsupported: (v) => (v === 'yes' ? notYet('daemonize; run it under a process manager') : undefined) }),
  choice('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { immutable: true }),
  text('pidfile', '', { immutable: true }),
  bool('always-show-logo', false, { immutable: true }),
  bool('set-proc-title', true, { immutable: true }),
  text('proc-title-template', '{title} {listen-addr} {server-mode}'),
  text('ignore-warnings', ''),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  int('shutdown-timeout', 10, 0, INT_MAX),
  text('shutdown-on-sigint', 'default'),
  text('shutdown-on-sigterm', 'default'),
  text('oom-score-adj', 'no'),
  text('oom-score-adj-values', '0 200 800', { normalize: normalizeWordCount(3) }),
  bool('disable-thp', true),
  bool('jemalloc-bg-thread', true),
  int('socket-mark-id', 0, 0, INT_MAX),
  text('server_cpulist', '', { immutable: true }),
  text('bio_cpulist', '', { immutable: true }),
  text('aof_rewrite_cpulist', '', { immutable: true }),
  text('bgsave_cpulist', '', { immutable: true }),
  // Persistence: "no persistence" is the only mode until the persistence work lands.
  text('save', '', { normalize: normalizeSave, unsupported: (v) => (v ? notYet('RDB snapshots; use save ""') : undefined) }),
  text('dir', process.cwd(), { protectedConfig: true }),
  text('dbfilename', 'dump.rdb', { protectedConfig: true }),
  bool('rdbcompression', true),
  bool('rdbchecksum', true),
  bool('rdb-del-sync-files', false),
  bool('rdb-save-incremental-fsync', true),
  bool('stop-writes-on-bgsave-error', true),
  choice('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  bool('appendonly', false, { unsupported: (v) => (v === 'yes' ? notYet('AOF persistence; use appendonly no') : undefined) }),
  text('appendfilename', 'appendonly.aof', { immutable: true }),
  text('appenddirname', 'appendonlydir', { immutable: true }),
  choice('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  bool('no-appendfsync-on-rewrite', false),
  int('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  memory('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0, LLONG_MAX),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('aof-rewrite-incremental-fsync', true),
  bool('aof-disable-auto-gc', false),
  // Memory.
  memory('maxmemory', 0, 0, LLONG_MAX, { unsupported: (v) => (v !== '0' ? notYet('maxmemory and eviction') : undefined) }),
  choice('maxmemory-policy', 'noeviction', POLICIES),
  int('maxmemory-samples', 5, 1, 64),
  int('maxmemory-eviction-tenacity', 10, 0, 100),
  int('lfu-log-factor', 10, 0, INT_MAX),
  int('lfu-decay-time', 1, 0, INT_MAX),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('activerehashing', true),
  bool('activedefrag', false),
  memory('active-defrag-ignore-bytes', 100 * 1024 * 1024, 1, LLONG_MAX),
  int('active-defrag-threshold-lower', 10, 0, 1000),
  int('active-defrag-threshold-upper', 100, 0, 1000),
  int('active-defrag-cycle-min', 1, 1, 99),
  int('active-defrag-cycle-max', 25, 1, 99),
  int('active-defrag-max-scan-fields', 1000, 1, INT_MAX),
  int('active-expire-effort', 1, 1, 10),
  // Encodings of small values: tuning only, stored and returned.
  int('hash-max-listpack-entries', 512, 0, INT_MAX, { aliases: ['hash-max-ziplist-entries'] }),
  int('hash-max-listpack-value', 64, 0, INT_MAX, { aliases: ['hash-max-ziplist-value'] }),
  int('list-max-listpack-size', -2, -5, INT_MAX, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', 0, 0, INT_MAX),
  int('set-max-intset-entries', 512, 0, INT_MAX),
  int('zset-max-listpack-entries', 128, 0, INT_MAX, { aliases: ['zset-max-ziplist-entries'] }),
  int('zset-max-listpack-value', 64, 0, INT_MAX, { aliases: ['zset-max-ziplist-value'] }),
  memory('hll-sparse-max-bytes', 3000, 0, LLONG_MAX),
  memory('stream-node-max-bytes', 4096, 0, LLONG_MAX),
  int('stream-node-max-entries', 100, 0, INT_MAX),
  // Observability.
  text('notify-keyspace-events', '', { normalize: normalizeKeyspaceEvents, unsupported: (v) => (v ? notYet('keyspace notifications') : undefined) }),
  int('slowlog-log-slower-than', 10000, -1, INT_MAX),
  int('slowlog-max-len', 128, 0, INT_MAX),
  int('latency-monitor-threshold', 0, 0, INT_MAX),
  bool('latency-tracking', true),
  text('latency-tracking-info-percentiles', '50 99 99.9'),
  int('tracking-table-max-keys', 1000000, 0, INT_MAX),
  // Replication and cluster: standalone only.
  text('replicaof', '', { aliases: ['slaveof'], unsupported: (v) => (v ? notYet('replication') : undefined) }),
  bool('replica-read-only', true, { aliases: ['slave-read-only'] }),
  bool('replica-serve-stale-data', true, { aliases: ['slave-serve-stale-data'] }),
  bool('replica-lazy-flush', false, { aliases: ['slave-lazy-flush'] }),
  bool('replica-ignore-maxmemory', true, { aliases: ['slave-ignore-maxmemory'] }),
  int('replica-priority', 100, 0, INT_MAX, { aliases: ['slave-priority'] }),
  text('replica-announce-ip', '', { aliases: ['slave-announce-ip'] }),
  int('replica-announce-port', 0, 0, 65535, { aliases: ['slave-announce-port'] }),
  bool('replica-announced', true),
  bool('replica-ignore-disk-write-errors', false),
  int('repl-ping-replica-period', 10, 1, INT_MAX, { aliases: ['repl-ping-slave-period'] }),
  int('repl-timeout', 60, 1, INT_MAX),
  memory('repl-backlog-size', 1024 * 1024, 1, LLONG_MAX),
  int('repl-backlog-ttl', 3600, 0, INT_MAX),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  int('repl-diskless-sync-delay', 5, 0, INT_MAX),
  int('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
  choice('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  int('min-replicas-to-write', 0, 0, INT_MAX, { aliases: ['min-slaves-to-write'] }),
  int('min-replicas-max-lag', 10, 0, INT_MAX, { aliases: ['min-slaves-max-lag'] }),
  choice('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  text('bind-source-addr', ''),
  bool('cluster-enabled', false, { immutable: true, unsupported: (v) => (v === 'yes' ? notYet('cluster mode') : undefined) }),
  text('cluster-config-file', 'nodes.conf', { immutable: true }),
  int('cluster-node-timeout', 15000, 0, INT_MAX),
  int('cluster-port', 0, 0, 65535, { immutable: true }),
  bool('cluster-require-full-coverage', true),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('cluster-allow-replica-migration', true),
  bool('cluster-replica-no-failover', false, { aliases: ['cluster-slave-no-failover'] }),
  int('cluster-replica-validity-factor', 10, 0, INT_MAX, { aliases: ['cluster-slave-validity-factor'] }),
  int('cluster-migration-barrier', 1, 0, INT_MAX),
  memory('cluster-link-sendbuf-limit', 0, 0, LLONG_MAX),
  text('cluster-announce-ip', ''),
  text('cluster-announce-hostname', ''),
  int('cluster-announce-port', 0, 0, 65535),
  int('cluster-announce-bus-port', 0, 0, 65535),
  int('cluster-announce-tls-port', 0, 0, 65535),
  choice('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  // TLS.
  int('tls-port', 0, 0, 65535, { unsupported: (v) => (v !== '0' ? notYet('TLS') : undefined) }),
  text('tls-cert-file', ''),
  text('tls-key-file', ''),
  text('tls-key-file-pass', ''),
  text('tls-client-cert-file', ''),
  text('tls-client-key-file', ''),
  text('tls-client-key-file-pass', ''),
  text('tls-dh-params-file', ''),
  text('tls-ca-cert-file', ''),
  text('tls-ca-cert-dir', ''),
  text('tls-protocols', ''),
  text('tls-ciphers', ''),
  text('tls-ciphersuites', ''),
  choice('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  bool('tls-replication', false),
  bool('tls-cluster', false),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),
  int('tls-session-cache-size', 20480, 0, INT_MAX),
  int('tls-session-cache-timeout', 300, 0, INT_MAX),
];

/** Redis's memtoull: bytes with an optional k/kb/m/mb/g/gb suffix (k = 1000, kb = 1024). */
export function parseMemory(value: string): bigint | null {
  const match = /^(-?\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(value);
  if (!match) return null;
  const units: Record<string, bigint> = { b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  return BigInt(match[1]!) * units[(match[2] ?? 'b').toLowerCase()]!;
}

export class ConfigError extends Error {}

/** The live configuration. Values are canonical strings; typed getters read them. */
export class ConfigStore {
  private readonly params = new Map<string, ConfigParam>();
  private readonly values = new Map<string, string>();
  private readonly listeners = new Map<string, ConfigListener[]>();

  constructor() {
    for (const param of CONFIG_PARAMS) {
      this.params.set(param.name, param);
      for (const alias of param.aliases) this.params.set(alias, param);
      this.values.set(param.name, param.defaultValue);
    }
  }

  param(name: string): ConfigParam | undefined {
    return this.params.get(name.toLowerCase());
  }

  get(name: string): string {
    const param = this.param(name);
    if (!param) throw new Error(`unknown config '${name}'`);
    return this.values.get(param.name)!;
  }

  getNumber(name: string): number {
    return Number(this.get(name));
  }

  getBool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** Called after a parameter changes (hz, maxclients, ...). */
  onChange(name: string, listener: ConfigListener): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
  }

  /** Validates and returns the canonical text, or an error reason (the words after ' - '). */
  canonicalize(param: ConfigParam, raw: string): { value: string } | { error: string } {
    switch (param.kind) {
      case 'bool': {
        const lower = raw.toLowerCase();
        if (lower !== 'yes' && lower !== 'no') return { error: "argument must be 'yes' or 'no'" };
        return { value: lower };
      }
      case 'int': {
        if (!/^-?\d+$/.test(raw)) return { error: "argument couldn't be parsed into an integer" };
        return this.inRange(param, BigInt(raw));
      }
      case 'memory': {
        const bytes = parseMemory(raw);
        if (bytes === null) return { error: 'argument must be a memory value' };
        return this.inRange(param, bytes);
      }
      case 'enum': {
        const lower = raw.toLowerCase();
        if (!param.choices!.includes(lower)) return { error: `argument(s) must be one of the following: ${param.choices!.join(', ')}` };
        return { value: lower };
      }
      case 'string':
        return param.normalize ? param.normalize(raw) : { value: raw };
    }
  }

  private inRange(param: ConfigParam, value: bigint): { value: string } | { error: string } {
    const min = BigInt(param.min!);
    const max = BigInt(param.max!);
    if (value < min || value > max) return { error: `argument must be between ${min} and ${max} inclusive` };
    if (param.clampTo) {
      const [low, high] = param.clampTo;
      if (value < BigInt(low)) return { value: String(low) };
      if (value > BigInt(high)) return { value: String(high) };
    }
    return { value: String(value) };
  }

  /**
   * CONFIG SET semantics: all pairs are validated first, then all are applied, so a bad pair
   * changes nothing. `startup` allows immutable and protected parameters (flags, config file).
   */
  setMany(pairs: ReadonlyArray<readonly [string, string]>, startup = false): void {
    const seen = new Set<string>();
    const accepted: Array<[ConfigParam, string]> = [];
    for (const [name, raw] of pairs) {
      const param = this.param(name);
      if (!param) throw new ConfigError(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
      if (seen.has(param.name)) throw new ConfigError(configSetFailed(name, 'duplicate parameter'));
      seen.add(param.name);
      if (!startup && param.immutable) throw new ConfigError(configSetFailed(name, "can't set immutable config"));
      if (!startup && param.protectedConfig && this.get('enable-protected-configs') === 'no') {
        throw new ConfigError(configSetFailed(name, "can't set protected config"));
      }
      const result = this.canonicalize(param, raw);
      if ('error' in result) throw new ConfigError(configSetFailed(name, result.error));
      const reason = param.unsupported?.(result.value);
      if (reason) throw new ConfigError(configSetFailed(name, reason));
      accepted.push([param, result.value]);
    }
    for (const [param, value] of accepted) {
      this.values.set(param.name, value);
      for (const listener of this.listeners.get(param.name) ?? []) listener(param.name, value);
    }
  }

  set(name: string, value: string, startup = false): void {
    this.setMany([[name, value]], startup);
  }

  /** CONFIG GET: name/value pairs for every parameter (or alias) matching any of the patterns. */
  match(patterns: readonly string[]): Array<[string, string]> {
    const result = new Map<string, string>();
    for (const pattern of patterns) {
      const lower = pattern.toLowerCase();
      const exact = this.params.get(lower);
      if (exact && !/[*?[]/.test(pattern)) {
        result.set(pattern, this.values.get(exact.name)!);
        continue;
      }
      const matcher = compileGlob(lower);
      for (const [name, param] of this.params) {
        if (matcher(name)) result.set(name, this.values.get(param.name)!);
      }
    }
    return [...result];
  }
}
