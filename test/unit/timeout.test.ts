import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ERR_TIMEOUT_NEGATIVE,
  ERR_TIMEOUT_NOT_FLOAT,
  ERR_TIMEOUT_NOT_INTEGER,
  parseTimeoutMilliseconds,
  parseTimeoutSeconds,
} from '../../src/core/timeout.js';

// Expected values observed on redis-server 7.0.15 (BLPOP <missing key> <timeout>).
const NOW = 1_000_000;

test('blocking timeouts in seconds, as Redis reads them', () => {
  assert.equal(parseTimeoutSeconds('0', NOW), 0, '0 waits forever');
  assert.equal(parseTimeoutSeconds('-0', NOW), 0);
  // Long double arithmetic: -0.001 * 1000 rounds up to -0, so Redis waits forever.
  assert.equal(parseTimeoutSeconds('-0.001', NOW), 0);
  assert.equal(parseTimeoutSeconds('0.0001', NOW), NOW + 1, 'rounded up to a whole millisecond');
  assert.equal(parseTimeoutSeconds('0.1', NOW), NOW + 100);
  assert.equal(parseTimeoutSeconds('1.5', NOW), NOW + 1500);
  assert.equal(parseTimeoutSeconds('0x10', NOW), NOW + 16000, 'strtold reads hex');
  assert.equal(parseTimeoutSeconds('-1', NOW), ERR_TIMEOUT_NEGATIVE);
  assert.equal(parseTimeoutSeconds('inf', NOW), ERR_TIMEOUT_NEGATIVE, 'inf wraps to a negative 64-bit value');
  assert.equal(parseTimeoutSeconds('-inf', NOW), ERR_TIMEOUT_NEGATIVE);
  assert.equal(parseTimeoutSeconds('1e400', NOW), ERR_TIMEOUT_NEGATIVE);
  assert.equal(parseTimeoutSeconds('abc', NOW), ERR_TIMEOUT_NOT_FLOAT);
  assert.equal(parseTimeoutSeconds('nan', NOW), ERR_TIMEOUT_NOT_FLOAT);
  assert.equal(parseTimeoutSeconds(' 1', NOW), ERR_TIMEOUT_NOT_FLOAT);
  assert.equal(parseTimeoutSeconds('', NOW), ERR_TIMEOUT_NOT_FLOAT);
});

test('blocking timeouts in milliseconds (XREAD BLOCK)', () => {
  assert.equal(parseTimeoutMilliseconds('0', NOW), 0);
  assert.equal(parseTimeoutMilliseconds('250', NOW), NOW + 250);
  assert.equal(parseTimeoutMilliseconds('-1', NOW), ERR_TIMEOUT_NEGATIVE);
  assert.equal(parseTimeoutMilliseconds('1.5', NOW), ERR_TIMEOUT_NOT_INTEGER);
});
