import { arch, machine, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import type { ServerContext } from '../../core/context.js';
import { RESTIS_VERSION, REDIS_VERSION } from '../../version.js';
import { bytesToHuman } from './human-bytes.js';
import { memoryFigures, metricsOf, sampleRates } from './info-metrics.js';

/** One INFO section: its title and its `name:value` lines. */
export interface InfoSection {
  /** As INFO's arguments name it (lower case). */
  readonly name: string;
  /** As its header prints it: `# Server`. */
  readonly title: string;
  lines(server: ServerContext, now: number): Array<[string, string | number]>;
}

/** Redis's LRU clock: seconds, 24 bits. */
const lruClock = (now: number): number => Math.floor(now / 1000) & 0xffffff;
const seconds = (microseconds: number): string => (microseconds / 1e6).toFixed(6);
const ratio = (part: number, whole: number): string => (whole > 0 ? part / whole : 0).toFixed(2);
const percent = (part: number, whole: number): string => `${(whole > 0 ? (part * 100) / whole : 0).toFixed(2)}%`;

const serverSection: InfoSection = {
  name: 'server',
  title: 'Server',
  lines(server, now) {
    const uptime = Math.floor((now - server.startedAt) / 1000);
    const hz = server.config.getNumber('hz');
    return [
      ['redis_version', REDIS_VERSION],
      ['restis_version', RESTIS_VERSION],
      ['redis_git_sha1', '00000000'],
      ['redis_git_dirty', 0],
      ['redis_build_id', '0'],
      ['redis_mode', 'standalone'],
      ['os', `${type()} ${release()} ${machine()}`],
      ['arch_bits', /64/.test(arch()) ? 64 : 32],
      ['monotonic_clock', 'performance.now'],
      ['multiplexing_api', 'libuv'],
      ['node_version', process.versions.node],
      ['process_id', process.pid],
      ['process_supervised', 'no'],
      ['run_id', server.runId],
      ['tcp_port', server.port],
      ['server_time_usec', now * 1000],
      ['uptime_in_seconds', uptime],
      ['uptime_in_days', Math.floor(uptime / 86400)],
      ['hz', hz],
      ['configured_hz', hz],
      ['lru_clock', lruClock(now)],
      ['executable', resolve(process.argv[1] ?? process.execPath)],
      ['config_file', server.configFile === '' ? '' : resolve(server.configFile)],
      ['io_threads_active', 0],
    ];
  },
};

const clientsSection: InfoSection = {
  name: 'clients',
  title: 'Clients',
  lines(server) {
    let maxInput = 0;
    let maxOutput = 0;
    for (const session of server.clients.all()) {
      maxInput = Math.max(maxInput, session.transport.queryBufferLength());
      maxOutput = Math.max(maxOutput, session.transport.outputBufferLength());
    }
    return [
      ['connected_clients', server.clients.size],
      ['cluster_connections', 0],
      ['maxclients', server.config.get('maxclients')],
      ['client_recent_max_input_buffer', maxInput],
      ['client_recent_max_output_buffer', maxOutput],
      ['blocked_clients', server.keyspace.blocking.blockedClients],
      ['tracking_clients', 0],
      ['clients_in_timeout_table', 0],
    ];
  },
};

/**
 * Memory as Node sees it: used_memory is the V8 heap in use plus Buffers (what Redis would call
 * allocated), rss the process's resident set. There is no jemalloc, so the allocator figures are
 * V8's heap totals.
 */
const memorySection: InfoSection = {
  name: 'memory',
  title: 'Memory',
  lines(server) {
    const { used, peak, startup, usage } = memoryFigures(server);
    const dataset = Math.max(0, used - startup);
    const maxmemory = Number(server.config.get('maxmemory'));
    let clientBuffers = 0;
    for (const session of server.clients.all()) {
      clientBuffers += session.transport.queryBufferLength() + session.transport.outputBufferLength();
    }
    const system = totalmem();
    return [
      ['used_memory', used],
      ['used_memory_human', bytesToHuman(used)],
      ['used_memory_rss', usage.rss],
      ['used_memory_rss_human', bytesToHuman(usage.rss)],
      ['used_memory_peak', peak],
      ['used_memory_peak_human', bytesToHuman(peak)],
      ['used_memory_peak_perc', percent(used, peak)],
      ['used_memory_overhead', used - dataset],
      ['used_memory_startup', startup],
      ['used_memory_dataset', dataset],
      ['used_memory_dataset_perc', percent(dataset, used - startup)],
      ['allocator_allocated', usage.heapUsed],
      ['allocator_active', usage.heapTotal],
      ['allocator_resident', usage.rss],
      ['total_system_memory', system],
      ['total_system_memory_human', bytesToHuman(system)],
      ['used_memory_lua', 0],
      ['used_memory_vm_eval', 0],
      ['used_memory_lua_human', '0B'],
      ['used_memory_scripts_eval', 0],
      ['number_of_cached_scripts', 0],
      ['number_of_functions', 0],
      ['number_of_libraries', 0],
      ['used_memory_vm_functions', 0],
      ['used_memory_vm_total', 0],
      ['used_memory_vm_total_human', '0B'],
      ['used_memory_functions', 0],
      ['used_memory_scripts', 0],
      ['used_memory_scripts_human', '0B'],
      ['maxmemory', maxmemory],
      ['maxmemory_human', bytesToHuman(maxmemory)],
      ['maxmemory_policy', server.config.get('maxmemory-policy')],
      ['allocator_frag_ratio', ratio(usage.heapTotal, usage.heapUsed)],
      ['allocator_frag_bytes', usage.heapTotal - usage.heapUsed],
      ['allocator_rss_ratio', ratio(usage.rss, usage.heapTotal)],
      ['allocator_rss_bytes', usage.rss - usage.heapTotal],
      ['rss_overhead_ratio', ratio(usage.rss, usage.rss)],
      ['rss_overhead_bytes', 0],
      ['mem_fragmentation_ratio', ratio(usage.rss, used)],
      ['mem_fragmentation_bytes', usage.rss - used],
      ['mem_not_counted_for_evict', 0],
      ['mem_replication_backlog', 0],
      ['mem_total_replication_buffers', 0],
      ['mem_clients_slaves', 0],
      ['mem_clients_normal', clientBuffers],
      ['mem_cluster_links', 0],
      ['mem_aof_buffer', 0],
      ['mem_allocator', `v8-${process.versions.v8}`],
      ['active_defrag_running', 0],
      ['lazyfree_pending_objects', 0],
      ['lazyfreed_objects', 0],
    ];
  },
};

/** RDB snapshots and the append-only file. */
const persistenceSection: InfoSection = {
  name: 'persistence',
  title: 'Persistence',
  lines(server) {
    const persistence = server.persistence;
    const aof = server.aof;
    const loading = persistence.loading;
    const lines: Array<[string, string | number]> = [
      ['loading', loading === undefined ? 0 : 1],
      ['async_loading', 0],
      ['current_cow_peak', 0],
      ['current_cow_size', 0],
      ['current_cow_size_age', 0],
      ['current_fork_perc', '0.00'],
      ['current_save_keys_processed', persistence.currentKeys.processed],
      ['current_save_keys_total', persistence.currentKeys.total],
      ['rdb_changes_since_last_save', server.keyspace.dirty],
      ['rdb_bgsave_in_progress', persistence.bgsaveInProgress ? 1 : 0],
      ['rdb_last_save_time', server.lastSave],
      ['rdb_last_bgsave_status', persistence.lastBgsaveOk ? 'ok' : 'err'],
      ['rdb_last_bgsave_time_sec', persistence.lastBgsaveSeconds],
      ['rdb_current_bgsave_time_sec', persistence.currentSeconds],
      ['rdb_saves', persistence.saves],
      ['rdb_last_cow_size', 0],
      ['rdb_last_load_keys_expired', persistence.keysExpiredAtLoad],
      ['rdb_last_load_keys_loaded', persistence.keysLoaded],
      ['aof_enabled', aof.enabled ? 1 : 0],
      ['aof_rewrite_in_progress', aof.rewriteInProgress ? 1 : 0],
      ['aof_rewrite_scheduled', aof.rewriteScheduled ? 1 : 0],
      ['aof_last_rewrite_time_sec', aof.lastRewriteSeconds],
      ['aof_current_rewrite_time_sec', aof.rewriteSeconds],
      ['aof_last_bgrewrite_status', aof.lastBgrewriteOk ? 'ok' : 'err'],
      ['aof_rewrites', aof.rewrites],
      ['aof_rewrites_consecutive_failures', aof.consecutiveFailures],
      ['aof_last_write_status', aof.lastWriteOk ? 'ok' : 'err'],
      ['aof_last_cow_size', 0],
      ['module_fork_in_progress', 0],
      ['module_fork_last_cow_size', 0],
    ];
    if (aof.enabled) {
      lines.push(
        ['aof_current_size', aof.currentSize],
        ['aof_base_size', aof.baseSize],
        ['aof_pending_rewrite', aof.rewriteScheduled ? 1 : 0],
        ['aof_buffer_length', aof.pendingBytes],
        ['aof_pending_bio_fsync', aof.fsyncPending ? 1 : 0],
        ['aof_delayed_fsync', 0],
      );
    }
    if (loading !== undefined) {
      lines.push(
        ['loading_start_time', Math.floor(loading.startedAt / 1000)],
        ['loading_total_bytes', loading.totalBytes],
        ['loading_rdb_used_mem', loading.rdbUsedMem],
        ['loading_loaded_bytes', loading.loadedBytes],
        ['loading_loaded_perc', loading.percent.toFixed(2)],
        ['loading_eta_seconds', loading.etaSeconds],
      );
    }
    return lines;
  },
};

const statsSection: InfoSection = {
  name: 'stats',
  title: 'Stats',
  lines(server, now) {
    const stats = server.stats;
    const keyspace = server.keyspace.stats;
    const rates = sampleRates(server, now);
    return [
      ['total_connections_received', stats.connectionsReceived],
      ['total_commands_processed', stats.commandsProcessed],
      ['instantaneous_ops_per_sec', rates.opsPerSecond],
      ['total_net_input_bytes', stats.netInputBytes],
      ['total_net_output_bytes', stats.netOutputBytes],
      ['total_net_repl_input_bytes', 0],
      ['total_net_repl_output_bytes', 0],
      ['instantaneous_input_kbps', rates.inputKbps.toFixed(2)],
      ['instantaneous_output_kbps', rates.outputKbps.toFixed(2)],
      ['instantaneous_input_repl_kbps', '0.00'],
      ['instantaneous_output_repl_kbps', '0.00'],
      ['rejected_connections', stats.rejectedConnections],
      ['sync_full', 0],
      ['sync_partial_ok', 0],
      ['sync_partial_err', 0],
      ['expired_keys', keyspace.expiredKeys],
      ['expired_stale_perc', '0.00'],
      ['expired_time_cap_reached_count', 0],
      ['expire_cycle_cpu_milliseconds', 0],
      ['evicted_keys', 0],
      ['evicted_clients', 0],
      ['total_eviction_exceeded_time', 0],
      ['current_eviction_exceeded_time', 0],
      ['keyspace_hits', keyspace.keyspaceHits],
      ['keyspace_misses', keyspace.keyspaceMisses],
      ['pubsub_channels', server.pubsub.channelCount],
      ['pubsub_patterns', server.pubsub.patternCount],
      ['pubsubshard_channels', server.pubsub.shardChannelCount],
      ['latest_fork_usec', 0],
      ['total_forks', 0],
      ['migrate_cached_sockets', 0],
      ['slave_expires_tracked_keys', 0],
      ['active_defrag_hits', 0],
      ['active_defrag_misses', 0],
      ['active_defrag_key_hits', 0],
      ['active_defrag_key_misses', 0],
      ['total_active_defrag_time', 0],
      ['current_active_defrag_time', 0],
      ['tracking_total_keys', 0],
      ['tracking_total_items', 0],
      ['tracking_total_prefixes', 0],
      ['unexpected_error_replies', 0],
      ['total_error_replies', stats.errorReplies],
      ['dump_payload_sanitizations', 0],
      ['io_threaded_reads_processed', 0],
      ['io_threaded_writes_processed', 0],
    ];
  },
};

/** A standalone master without replicas. */
const replicationSection: InfoSection = {
  name: 'replication',
  title: 'Replication',
  lines(server) {
    return [
      ['role', 'master'],
      ['connected_slaves', 0],
      ['master_failover_state', 'no-failover'],
      ['master_replid', metricsOf(server).replicationId],
      ['master_replid2', '0'.repeat(40)],
      ['master_repl_offset', 0],
      ['second_repl_offset', -1],
      ['repl_backlog_active', 0],
      ['repl_backlog_size', server.config.get('repl-backlog-size')],
      ['repl_backlog_first_byte_offset', 0],
      ['repl_backlog_histlen', 0],
    ];
  },
};

/** Node runs JavaScript on one thread; the process's CPU time stands for the main thread's too. */
const cpuSection: InfoSection = {
  name: 'cpu',
  title: 'CPU',
  lines() {
    const usage = process.cpuUsage();
    return [
      ['used_cpu_sys', seconds(usage.system)],
      ['used_cpu_user', seconds(usage.user)],
      ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'],
      ['used_cpu_sys_main_thread', seconds(usage.system)],
      ['used_cpu_user_main_thread', seconds(usage.user)],
    ];
  },
};

const modulesSection: InfoSection = { name: 'modules', title: 'Modules', lines: () => [] };

/** One line per command and subcommand that has run (or been refused) since the last reset. */
const commandStatsSection: InfoSection = {
  name: 'commandstats',
  title: 'Commandstats',
  lines(server) {
    const lines: Array<[string, string]> = [];
    for (const spec of server.commands.allWithSubcommands()) {
      const { calls, microseconds, rejectedCalls, failedCalls } = spec.stats;
      if (calls === 0 && rejectedCalls === 0 && failedCalls === 0) continue;
      const usec = Math.round(microseconds);
      const perCall = calls > 0 ? (microseconds / calls).toFixed(2) : '0.00';
      lines.push([`cmdstat_${spec.fullName}`, `calls=${calls},usec=${usec},usec_per_call=${perCall},rejected_calls=${rejectedCalls},failed_calls=${failedCalls}`]);
    }
    return lines;
  },
};

const errorStatsSection: InfoSection = {
  name: 'errorstats',
  title: 'Errorstats',
  lines(server) {
    return [...server.stats.errorsByCode].map(([code, count]) => [`errorstat_${code}`, `count=${count}`]);
  },
};

/** Restis does not keep latency histograms yet: the section is there, empty. */
const latencyStatsSection: InfoSection = { name: 'latencystats', title: 'Latencystats', lines: () => [] };

const clusterSection: InfoSection = { name: 'cluster', title: 'Cluster', lines: () => [['cluster_enabled', 0]] };

/** Average remaining TTL in ms over (a bounded sample of) the keys that have one. */
function averageTtl(expires: ReadonlyMap<string, number | bigint>, now: number): number {
  let total = 0;
  let counted = 0;
  for (const deadline of expires.values()) {
    if (counted === 1000) break;
    total += Math.max(0, Number(deadline) - now);
    counted++;
  }
  return counted ? Math.round(total / counted) : 0;
}

const keyspaceSection: InfoSection = {
  name: 'keyspace',
  title: 'Keyspace',
  lines(server, now) {
    const lines: Array<[string, string]> = [];
    for (const db of server.keyspace.databases) {
      if (db.size === 0) continue;
      lines.push([`db${db.index}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${averageTtl(db.expires, now)}`]);
    }
    return lines;
  },
};

/** Every section in the order INFO prints them. */
export const INFO_SECTIONS: readonly InfoSection[] = [
  serverSection, clientsSection, memorySection, persistenceSection, statsSection, replicationSection,
  cpuSection, modulesSection, commandStatsSection, errorStatsSection, latencyStatsSection, clusterSection,
  keyspaceSection,
];

/** What INFO without arguments (or with `default`) shows. */
export const DEFAULT_SECTIONS: ReadonlySet<string> = new Set([
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats',
  'cluster', 'keyspace',
]);
