import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/index.js';
import { rewriteConfigFile } from '../../src/commands/server/config-rewrite.js';
import { ConfigStore } from '../../src/server/config.js';
import { RawClient } from '../helpers/raw-client.js';

// INFO's contents differ from Redis by nature, so the differential corpus compares only its type;
// here its format and the fields clients read are checked against what the server knows.

/** Parses INFO text into sections of name -> value, checking every line on the way. */
function parseInfo(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  assert.ok(text === '' || text.endsWith('\r\n'), 'INFO ends with CRLF');
  for (const line of text.split('\r\n').slice(0, -1)) {
    if (line === '') continue;
    if (line.startsWith('# ')) {
      current = new Map();
      sections.set(line.slice(2).toLowerCase(), current);
      continue;
    }
    const colon = line.indexOf(':');
    assert.ok(colon > 0, `'${line}' is a name:value line`);
    assert.ok(current, `'${line}' comes after a section header`);
    current.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return sections;
}

describe('INFO', () => {
  let restis: RunningServer;
  let client: RawClient;

  before(async () => {
    restis = await startServer();
    client = await RawClient.connect(restis.port);
  });
  after(async () => {
    await client.close();
    await restis.close();
  });

  async function info(...sections: string[]): Promise<Map<string, Map<string, string>>> {
    const reply = await client.call('INFO', ...sections);
    assert.equal(reply.kind, '$');
    return parseInfo(reply.text!);
  }

  test('every line is a # Section header or name:value; sections are separated by one blank line', async () => {
    const reply = await client.call('INFO', 'everything');
    const text = reply.text!;
    assert.ok(!text.includes('\r\n\r\n\r\n'));
    for (const block of text.split('\r\n\r\n')) assert.match(block, /^# [A-Z][A-Za-z]+(\r\n|$)/);
    const sections = parseInfo(text);
    assert.deepEqual([...sections.keys()], [
      'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules',
      'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace',
    ]);
  });

  test('default sections, named sections in fixed order, unknown names ignored', async () => {
    assert.deepEqual([...(await info()).keys()], [
      'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats',
      'cluster', 'keyspace',
    ]);
    assert.deepEqual([...(await info('CPU', 'server', 'nosuch')).keys()], ['server', 'cpu']);
    assert.equal((await client.call('INFO', 'nosuch')).text, '');
  });

  test('server fields clients read', async () => {
    const server = (await info('server')).get('server')!;
    assert.match(server.get('redis_version')!, /^7\./);
    assert.ok(server.has('restis_version'));
    assert.equal(server.get('redis_mode'), 'standalone');
    assert.equal(server.get('tcp_port'), String(restis.port));
    assert.equal(server.get('run_id'), restis.server.runId);
    assert.equal(server.get('process_id'), String(process.pid));
    assert.match(server.get('run_id')!, /^[0-9a-f]{40}$/);
    assert.match(server.get('arch_bits')!, /^(32|64)$/);
    assert.equal(server.get('hz'), '10');
    assert.equal(server.get('config_file'), '');
    for (const field of ['os', 'uptime_in_seconds', 'uptime_in_days', 'executable']) assert.ok(server.has(field), field);
  });

  test('clients, memory, persistence, replication and cpu fields', async () => {
    const sections = await info('clients', 'memory', 'persistence', 'replication', 'cpu');
    const clients = sections.get('clients')!;
    assert.equal(clients.get('connected_clients'), '1');
    assert.equal(clients.get('blocked_clients'), '0');
    assert.equal(clients.get('maxclients'), '10000');
    const memory = sections.get('memory')!;
    assert.ok(Number(memory.get('used_memory')) > 0);
    assert.match(memory.get('used_memory_human')!, /^\d+(\.\d\d[KMGTP])?B?$/);
    assert.ok(Number(memory.get('used_memory_peak')) >= Number(memory.get('used_memory')));
    assert.equal(memory.get('maxmemory'), '0');
    assert.equal(memory.get('maxmemory_human'), '0B');
    assert.equal(memory.get('maxmemory_policy'), 'noeviction');
    const persistence = sections.get('persistence')!;
    assert.equal(persistence.get('loading'), '0');
    assert.equal(persistence.get('aof_enabled'), '0');
    assert.equal(persistence.get('rdb_bgsave_in_progress'), '0');
    assert.equal(persistence.get('rdb_last_save_time'), String(restis.server.lastSave));
    const replication = sections.get('replication')!;
    assert.equal(replication.get('role'), 'master');
    assert.equal(replication.get('connected_slaves'), '0');
    assert.match(replication.get('master_replid')!, /^[0-9a-f]{40}$/);
    const cpu = sections.get('cpu')!;
    assert.match(cpu.get('used_cpu_user')!, /^\d+\.\d{6}$/);
    assert.match(cpu.get('used_cpu_sys')!, /^\d+\.\d{6}$/);
  });

  test('keyspace counts keys and expiries per non-empty database', async () => {
    await client.call('FLUSHALL');
    assert.equal((await info('keyspace')).get('keyspace')!.size, 0);
    await client.call('SET', 'a', '1');
    await client.call('SET', 'b', '2');
    await client.call('SET', 'c', '3', 'EX', '100');
    await client.call('SELECT', '2');
    await client.call('SET', 'x', '1');
    await client.call('SELECT', '0');
    const keyspace = (await info('keyspace')).get('keyspace')!;
    assert.deepEqual([...keyspace.keys()], ['db0', 'db2']);
    assert.match(keyspace.get('db0')!, /^keys=3,expires=1,avg_ttl=\d+$/);
    const avgTtl = Number(/avg_ttl=(\d+)/.exec(keyspace.get('db0')!)![1]);
    assert.ok(avgTtl > 90_000 && avgTtl <= 100_000, `avg_ttl ${avgTtl}`);
    assert.equal(keyspace.get('db2'), 'keys=1,expires=0,avg_ttl=0');
    await client.call('FLUSHALL');
  });

  test('stats, commandstats and errorstats count calls and errors', async () => {
    assert.equal((await client.call('CONFIG', 'RESETSTAT')).raw, '+OK\r\n');
    await client.call('SET', 'k', 'v');
    await client.call('SET', 'k', 'w');
    await client.call('GET', 'k');
    await client.call('GET', 'missing');
    await client.call('CONFIG', 'GET', 'hz');
    await client.call('GET');
    await client.call('NOSUCHCOMMAND');
    const sections = await info('stats', 'commandstats', 'errorstats');
    const commands = sections.get('commandstats')!;
    assert.match(commands.get('cmdstat_set')!, /^calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    assert.match(commands.get('cmdstat_get')!, /^calls=2,.*,rejected_calls=1,failed_calls=0$/);
    assert.match(commands.get('cmdstat_config|get')!, /^calls=1,/);
    assert.ok(!commands.has('cmdstat_del'), 'commands that never ran are left out');
    assert.deepEqual(sections.get('errorstats')!.get('errorstat_ERR'), 'count=2');
    const stats = sections.get('stats')!;
    assert.equal(stats.get('keyspace_hits'), '1');
    assert.equal(stats.get('keyspace_misses'), '1');
    assert.equal(stats.get('total_error_replies'), '2');
    assert.ok(Number(stats.get('total_commands_processed')) >= 5);
    assert.ok(Number(stats.get('total_net_input_bytes')) > 0);
    assert.match(stats.get('instantaneous_ops_per_sec')!, /^\d+$/);
    await client.call('CONFIG', 'RESETSTAT');
    const reset = await info('stats', 'commandstats', 'errorstats');
    assert.equal(reset.get('stats')!.get('keyspace_hits'), '0');
    assert.equal(reset.get('errorstats')!.size, 0);
    assert.ok(!reset.get('commandstats')!.has('cmdstat_set'));
  });

  test('RESP3 answers a verbatim string', async () => {
    const resp3 = await RawClient.connect(restis.port);
    try {
      await resp3.call('HELLO', '3');
      const reply = await resp3.call('INFO', 'cluster');
      assert.equal(reply.raw, '=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    } finally {
      await resp3.close();
    }
  });
});

describe('CONFIG REWRITE', () => {
  test('keeps comments and unknown lines, updates known ones, appends changed parameters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'restis-rewrite-'));
    try {
      const file = join(dir, 'restis.conf');
      writeFileSync(file, '# my settings\nport 7000\nhz 20\nhz 30\nrename-command FOO BAR\n');
      const config = new ConfigStore();
      config.setMany([['port', '7000'], ['hz', '30'], ['timeout', '33'], ['requirepass', 'a "b"']], true);
      assert.equal(rewriteConfigFile(file, config), undefined);
      assert.equal(readFileSync(file, 'latin1'), [
        '# my settings', 'port 7000', 'hz 30', 'rename-command FOO BAR', '', '# Generated by CONFIG REWRITE',
        'timeout 33', 'requirepass "a \\"b\\""', '',
      ].join('\n'));
      assert.equal(rewriteConfigFile(join(dir, 'missing', 'x.conf'), config), 'No such file or directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
