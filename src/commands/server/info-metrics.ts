import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../../core/context.js';

/** Memory in use once Restis had loaded its code, before any data (INFO used_memory_startup). */
const STARTUP_MEMORY = usedMemory(process.memoryUsage());

/** The V8 heap in use plus memory held outside it (Buffers): what the data costs this process. */
function usedMemory(usage: NodeJS.MemoryUsage): number {
  return usage.heapUsed + usage.external;
}

interface Sample {
  at: number;
  commands: number;
  inputBytes: number;
  outputBytes: number;
}

/** Rates over at least this long are "instantaneous"; older samples are dropped after the longer window. */
const MIN_WINDOW_MS = 1000;
const MAX_WINDOW_MS = 16000;

interface ServerMetrics {
  samples: Sample[];
  peakMemory: number;
  /** INFO master_replid: Restis has no replication, but clients expect a 40-hex id. */
  readonly replicationId: string;
}

const metricsByServer = new WeakMap<ServerContext, ServerMetrics>();

/**
 * What INFO needs beyond the server's counters: rates and the memory peak. Restis samples the
 * counters whenever INFO runs (monitoring polls it), so a rate is measured over the time between
 * two INFO calls between 1 and 16 seconds apart, and is 0 when there is no such pair.
 */
export function metricsOf(server: ServerContext): ServerMetrics {
  let metrics = metricsByServer.get(server);
  if (metrics === undefined) {
    metrics = { samples: [], peakMemory: 0, replicationId: randomBytes(20).toString('hex') };
    metricsByServer.set(server, metrics);
  }
  return metrics;
}

export interface Rates {
  opsPerSecond: number;
  inputKbps: number;
  outputKbps: number;
}

export function sampleRates(server: ServerContext, now: number): Rates {
  const metrics = metricsOf(server);
  const current: Sample = {
    at: now,
    commands: server.stats.commandsProcessed,
    inputBytes: server.stats.netInputBytes,
    outputBytes: server.stats.netOutputBytes,
  };
  const samples = metrics.samples.filter((sample) => now - sample.at <= MAX_WINDOW_MS && sample.commands <= current.commands);
  let rates: Rates = { opsPerSecond: 0, inputKbps: 0, outputKbps: 0 };
  const base = [...samples].reverse().find((sample) => now - sample.at >= MIN_WINDOW_MS);
  if (base) {
    const seconds = (now - base.at) / 1000;
    rates = {
      opsPerSecond: Math.round((current.commands - base.commands) / seconds),
      inputKbps: (current.inputBytes - base.inputBytes) / 1024 / seconds,
      outputKbps: (current.outputBytes - base.outputBytes) / 1024 / seconds,
    };
  }
  samples.push(current);
  metrics.samples = samples.slice(-32);
  return rates;
}

/** Used memory (V8 heap in use) and the highest value INFO or MEMORY has seen. */
export function memoryFigures(server: ServerContext): { used: number; peak: number; startup: number; usage: NodeJS.MemoryUsage } {
  const metrics = metricsOf(server);
  const usage = process.memoryUsage();
  const used = usedMemory(usage);
  metrics.peakMemory = Math.max(metrics.peakMemory, used);
  return { used, peak: metrics.peakMemory, startup: STARTUP_MEMORY, usage };
}

/** CONFIG RESETSTAT also restarts the rate windows and the peak, as Redis does for its own. */
export function resetMetrics(server: ServerContext): void {
  const metrics = metricsOf(server);
  metrics.samples = [];
  metrics.peakMemory = 0;
}
