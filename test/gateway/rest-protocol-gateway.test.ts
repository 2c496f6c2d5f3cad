// The REST protocol suite of test/rest, run through the gateway in front of a real redis-server.
import { test } from 'node:test';
import { runSuitesThroughGateway } from '../rest/rest-fixtures.js';
import { redisServerMissing } from '../helpers/redis-server.js';

const missing = redisServerMissing();
if (missing !== null) {
  test('REST protocol suite through the gateway', { skip: missing }, () => undefined);
} else {
  runSuitesThroughGateway();
  await import('../rest/rest-protocol.test.js');
}
