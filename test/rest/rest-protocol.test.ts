import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { RunningServer } from '../../src/index.js';
import { b64, call, command, READONLY_TOKEN, startRestServer, TOKEN } from './rest-fixtures.js';

// The REST front end over raw HTTP (fetch): each item of the checklist in section 11 of
// shared/upstash-rest-spec.md, and each status code of its section 6.

let server: RunningServer;
const BASE64 = { 'Upstash-Encoding': 'base64' };

before(async () => {
  server = await startRestServer({ http: { maxBody: 1024 * 1024 } });
});
after(() => server.close());

async function flush(): Promise<void> {
  await command(server, ['FLUSHALL']);
}

describe('envelope and shapes', () => {
  test('GET / is a health reply that needs no token', async () => {
    const answer = await call(server, '/', { token: null });
    assert.equal(answer.status, 200);
    assert.match((answer.json as { result: string }).result, /^Restis .* is running$/);
    assert.equal(answer.headers.get('content-type'), 'application/json');
  });

  test('a single command answers {"result"}; a Redis error answers 400 {"error"}', async () => {
    await flush();
    assert.deepEqual((await command(server, ['SET', 'k', 'v'])).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['GET', 'missing'])).json, { result: null });
    const wrongType = await command(server, ['LPUSH', 'k', 'x']);
    assert.equal(wrongType.status, 400);
    assert.deepEqual(wrongType.json, { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
    const arity = await command(server, ['GET']);
    assert.equal(arity.status, 400);
    assert.deepEqual(arity.json, { error: "ERR wrong number of arguments for 'get' command" });
    const unknown = await command(server, ['NOSUCH', 'a']);
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, { error: "ERR unknown command 'NOSUCH', with args beginning with: 'a' " });
  });

  test('(3) integers keep every digit; numbers stored as values stay strings', async () => {
    await flush();
    await command(server, ['SET', 'n', '9223372036854775806']);
    const incremented = await command(server, ['INCR', 'n']);
    assert.equal(incremented.text, '{"result":9223372036854775807}');
    await command(server, ['SET', 'm', '-9223372036854775807']);
    assert.equal((await command(server, ['DECR', 'm'])).text, '{"result":-9223372036854775808}');
    assert.equal((await command(server, ['GET', 'n'])).text, '{"result":"9223372036854775807"}');
  });

  test('(4) nil bulk and nil array are null', async () => {
    await flush();
    await command(server, ['SET', 'a', '1']);
    assert.equal((await command(server, ['MGET', 'a', 'nope', 'a'])).text, '{"result":["1",null,"1"]}');
    assert.equal((await command(server, ['LPOP', 'nolist', '2'])).text, '{"result":null}');
  });

  test('(5) nested arrays at depth 3 and more', async () => {
    await flush();
    await command(server, ['XADD', 's', '1-1', 'f', 'v', 'g', 'w']);
    assert.equal((await command(server, ['XRANGE', 's', '-', '+'])).text, '{"result":[["1-1",["f","v","g","w"]]]}');
    const read = await command(server, ['XREAD', 'STREAMS', 's', '0']);
    assert.equal(read.text, '{"result":[["s",[["1-1",["f","v","g","w"]]]]]}');
    await command(server, ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo']);
    const position = (await command(server, ['GEOPOS', 'g', 'Palermo', 'nowhere'])).json as { result: unknown[] };
    assert.equal(position.result.length, 2);
    assert.equal(position.result[1], null);
    assert.ok((position.result[0] as string[]).every((value) => typeof value === 'string'));
  });

  test('(6) maps, sets and doubles come as RESP2 shapes, never objects or floats', async () => {
    await flush();
    await command(server, ['HSET', 'h', 'f1', 'v1', 'f2', 'v2']);
    assert.equal((await command(server, ['HGETALL', 'h'])).text, '{"result":["f1","v1","f2","v2"]}');
    await command(server, ['ZADD', 'z', '1.5', 'm']);
    assert.equal((await command(server, ['ZSCORE', 'z', 'm'])).text, '{"result":"1.5"}');
    assert.equal((await command(server, ['ZADD', 'z', 'INCR', '1', 'm'])).text, '{"result":"2.5"}');
    assert.equal((await command(server, ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).text, '{"result":["m","2.5"]}');
    const info = await command(server, ['XINFO', 'STREAM', 'nope']);
    assert.equal(info.status, 400);
  });

  test('(7) arguments: numbers keep their source text, booleans become words, null and nesting are refused', async () => {
    await flush();
    for (const [key, literal, stored] of [['a', '13', '13'], ['b', '1.5', '1.5'], ['c', '1e+21', '1e+21'], ['d', '18446744073709551615', '18446744073709551615'], ['e', '-0.0', '-0.0'], ['f', 'true', 'true'], ['g', 'false', 'false']]) {
      const answer = await call(server, '/', { body: `["SET","${key}",${literal}]` });
      assert.deepEqual(answer.json, { result: 'OK' }, literal);
      assert.deepEqual((await command(server, ['GET', key!])).json, { result: stored }, literal);
    }
    const withNull = await call(server, '/', { body: '["SET","k",null]' });
    assert.equal(withNull.status, 400);
    assert.match((withNull.json as { error: string }).error, /argument 2 is null/);
    const nested = await call(server, '/', { body: '["SET","k",["x"]]' });
    assert.equal(nested.status, 400);
    assert.match((nested.json as { error: string }).error, /argument 2 is an array/);
    const object = await call(server, '/pipeline', { body: '[["SET","k",{"a":1}]]' });
    assert.equal(object.status, 400);
    assert.match((object.json as { error: string }).error, /argument 2 of command 0 is an object/);
  });

  test('bad bodies answer 400 JSON: invalid JSON, empty array, not an array, empty pipeline, a pipeline item that is not an array', async () => {
    for (const [path, body] of [['/', '{"SET":1}'], ['/', '[]'], ['/', '"GET"'], ['/', '["GET","k"'], ['/', ''], ['/pipeline', '[]'], ['/pipeline', '["GET","k"]'], ['/multi-exec', '[["GET","k"],"x"]'], ['/', '["GET","k"] x']]) {
      const answer = await call(server, path!, { body });
      assert.equal(answer.status, 400, `${path} ${body}`);
      assert.equal(typeof (answer.json as { error: string }).error, 'string', `${path} ${body}`);
    }
  });

  test('(20) UTF-8: emoji and non-BMP characters round-trip, with and without base64', async () => {
    await flush();
    const text = 'héllo 🦄 𝄞 中文 \u0000 end';
    await command(server, ['SET', 'κλειδί🔑', text]);
    assert.deepEqual((await command(server, ['GET', 'κλειδί🔑'])).json, { result: text });
    const encoded = (await command(server, ['GET', 'κλειδί🔑'], BASE64)).json as { result: string };
    assert.equal(Buffer.from(encoded.result, 'base64').toString('utf8'), text);
    assert.deepEqual((await command(server, ['STRLEN', 'κλειδί🔑'])).json, { result: Buffer.byteLength(text) });
    const viaPath = await call(server, `/get/${encodeURIComponent('κλειδί🔑')}`);
    assert.deepEqual(viaPath.json, { result: text });
  });
});

describe('base64 mode', () => {
  test('(1) a top-level OK stays raw; every other string is encoded, at every depth', async () => {
    await flush();
    assert.deepEqual((await command(server, ['SET', 'k', 'OK'], BASE64)).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['GET', 'k'], BASE64)).json, { result: b64('OK') });
    assert.deepEqual((await command(server, ['PING'], BASE64)).json, { result: b64('PONG') });
    assert.deepEqual((await command(server, ['TYPE', 'k'], BASE64)).json, { result: b64('string') });
    assert.deepEqual((await command(server, ['TYPE', 'nope'], BASE64)).json, { result: b64('none') });
    assert.deepEqual((await command(server, ['STRLEN', 'k'], BASE64)).json, { result: 2 });
    assert.deepEqual((await command(server, ['GET', 'nope'], BASE64)).json, { result: null });
    // COMMAND INFO holds status replies (flags) nested in arrays.
    const info = (await command(server, ['COMMAND', 'INFO', 'get'], BASE64)).json as { result: unknown[][] };
    const [name, arity, flags] = info.result[0]!;
    assert.equal(name, b64('get'));
    assert.equal(arity, 2);
    assert.deepEqual(flags, [b64('readonly'), b64('fast')]);
  });

  test('(2) per item in /pipeline and /multi-exec; errors are never encoded', async () => {
    await flush();
    const pipeline = await call(server, '/pipeline', { body: JSON.stringify([['SET', 'k', 'v'], ['GET', 'k'], ['INCR', 'k'], ['ECHO', 'OK']]), headers: BASE64 });
    assert.equal(pipeline.status, 200);
    assert.deepEqual(pipeline.json, [{ result: 'OK' }, { result: b64('v') }, { error: 'ERR value is not an integer or out of range' }, { result: b64('OK') }]);
    const multi = await call(server, '/multi-exec', { body: JSON.stringify([['SET', 'k', 'w'], ['GET', 'k'], ['LPUSH', 'k', 'x']]), headers: BASE64 });
    assert.equal(multi.status, 200);
    assert.deepEqual(multi.json, [{ result: 'OK' }, { result: b64('w') }, { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' }]);
  });

  test('binary values come back exactly in base64 mode', async () => {
    await flush();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.deepEqual((await call(server, '/set/bin', { body: bytes })).json, { result: 'OK' });
    const answer = (await command(server, ['GET', 'bin'], BASE64)).json as { result: string };
    assert.deepEqual(Buffer.from(answer.result, 'base64'), bytes);
    // Without base64 invalid UTF-8 becomes U+FFFD, as Upstash does.
    const lossy = (await command(server, ['GETRANGE', 'bin', '254', '255'])).json as { result: string };
    assert.equal(lossy.result, '\ufffd\ufffd');
  });

  test('Upstash-Response-Format: resp2 answers raw RESP2; other values and base64 with it are 400', async () => {
    await flush();
    const set = await call(server, '/', { body: '["SET","k","v"]', headers: { 'Upstash-Response-Format': 'resp2' } });
    assert.equal(set.status, 200);
    assert.equal(set.headers.get('content-type'), 'application/octet-stream');
    assert.equal(set.text, '+OK\r\n');
    const pipeline = await call(server, '/pipeline', { body: '[["GET","k"],["HGETALL","k"],["MGET","k","x"]]', headers: { 'Upstash-Response-Format': 'resp2' } });
    assert.equal(pipeline.text, '$1\r\nv\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n*2\r\n$1\r\nv\r\n$-1\r\n');
    const error = await call(server, '/', { body: '["INCR","k"]', headers: { 'Upstash-Response-Format': 'resp2' } });
    assert.equal(error.status, 400);
    assert.equal(error.text, '-ERR value is not an integer or out of range\r\n');
    assert.equal((await call(server, '/', { body: '["GET","k"]', headers: { 'Upstash-Response-Format': 'xml' } })).status, 400);
    assert.equal((await call(server, '/', { body: '["GET","k"]', headers: { 'Upstash-Response-Format': 'resp2', ...BASE64 } })).status, 400);
    assert.deepEqual((await call(server, '/', { body: '["GET","k"]', headers: { 'Upstash-Response-Format': 'json' } })).json, { result: 'v' });
  });
});

describe('path-style commands', () => {
  test('(8) percent-decoding, the raw body as last argument, query parameters, _token stripped', async () => {
    await flush();
    assert.deepEqual((await call(server, '/set/a%2Fb%20c%3F%23/value%25')).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['GET', 'a/b c?#'])).json, { result: 'value%' });
    assert.deepEqual((await call(server, '/set/withbody?EX=100', { body: '{"json":"doc, not parsed"}' })).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['GET', 'withbody'])).json, { result: '{"json":"doc, not parsed"}' });
    assert.deepEqual((await command(server, ['TTL', 'withbody'])).json, { result: 100 });
    assert.deepEqual((await call(server, `/set/t/1?_token=${TOKEN}&NX`, { token: null })).json, { result: 'OK' });
    assert.deepEqual((await call(server, '/set/t/2?NX')).json, { result: null });
    assert.deepEqual((await call(server, '/get/t', { method: 'PUT' })).json, { result: '1' });
    const head = await call(server, '/get/t', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal((await call(server, '/%FF/x')).status, 400);
    assert.deepEqual((await call(server, '/set/raw%FF%00/x')).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['EXISTS', 'raw\u00ff\u0000'])).json, { result: 0 });
    const keys = (await command(server, ['KEYS', 'raw*'], BASE64)).json as { result: string[] };
    assert.deepEqual(Buffer.from(keys.result[0]!, 'base64'), Buffer.from([0x72, 0x61, 0x77, 0xff, 0x00]));
  });

  test('/publish/<channel>/<message> answers the number of receivers', async () => {
    assert.deepEqual((await call(server, '/publish/nobody/hello')).json, { result: 0 });
  });
});

describe('authentication', () => {
  test('(9) Bearer header (any case, trimmed) or _token; wrong or missing token is 401 JSON', async () => {
    assert.equal((await call(server, '/ping', { headers: { Authorization: `bEaReR   ${TOKEN}  ` }, token: null })).status, 200);
    assert.equal((await call(server, `/ping?_token=${TOKEN}`, { token: null })).status, 200);
    for (const answer of [await call(server, '/ping', { token: null }), await call(server, '/ping', { token: 'wrong' }), await call(server, '/ping?_token=wrong', { token: null }), await call(server, '/ping', { headers: { Authorization: `Basic ${TOKEN}` }, token: null })]) {
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json, { error: 'WRONGPASS invalid or missing auth token' });
    }
  });

  test('(18) the read-only token reads, and is refused writes, KEYS and SCAN with NOPERM', async () => {
    await flush();
    await command(server, ['SET', 'k', 'v']);
    assert.deepEqual((await command(server, ['GET', 'k'], {}, READONLY_TOKEN)).json, { result: 'v' });
    assert.deepEqual((await command(server, ['PING'], {}, READONLY_TOKEN)).json, { result: 'PONG' });
    for (const [argv, name] of [[['SET', 'k', 'w'], 'set'], [['KEYS', '*'], 'keys'], [['SCAN', '0'], 'scan'], [['DEL', 'k'], 'del'], [['CONFIG', 'GET', 'port'], 'config|get'], [['FLUSHALL'], 'flushall']] as const) {
      const answer = await command(server, [...argv], {}, READONLY_TOKEN);
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json, { error: `NOPERM this user has no permissions to run the '${name}' command` });
    }
    const pipeline = await call(server, '/pipeline', { body: '[["GET","k"],["SET","k","x"]]', token: READONLY_TOKEN });
    assert.deepEqual(pipeline.json, [{ result: 'v' }, { error: "NOPERM this user has no permissions to run the 'set' command" }]);
    const multi = await call(server, '/multi-exec', { body: '[["GET","k"],["SET","k","x"]]', token: READONLY_TOKEN });
    assert.equal(multi.status, 400);
    assert.deepEqual(multi.json, { error: 'EXECABORT Transaction discarded because of previous errors.' });
    assert.deepEqual((await command(server, ['GET', 'k'])).json, { result: 'v' });
  });
});

describe('pipelines and transactions', () => {
  test('(10) a pipeline with failed items is 200; each item has its own result or error', async () => {
    await flush();
    const answer = await call(server, '/pipeline', { body: JSON.stringify([['SET', 'a', '1'], ['NOPE'], ['INCR', 'a'], ['GET'], ['GET', 'a']]) });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, [{ result: 'OK' }, { error: "ERR unknown command 'NOPE', with args beginning with: " }, { result: 2 }, { error: "ERR wrong number of arguments for 'get' command" }, { result: '2' }]);
  });

  test('(11) /multi-exec: a queue-time error discards everything (400, EXECABORT); run-time errors stay per item', async () => {
    await flush();
    const discarded = await call(server, '/multi-exec', { body: JSON.stringify([['SET', 'a', '1'], ['GET'], ['SET', 'b', '2']]) });
    assert.equal(discarded.status, 400);
    assert.deepEqual(discarded.json, { error: 'EXECABORT Transaction discarded because of previous errors.' });
    assert.deepEqual((await command(server, ['EXISTS', 'a', 'b'])).json, { result: 0 });
    const ran = await call(server, '/multi-exec', { body: JSON.stringify([['SET', 'a', 'x'], ['INCR', 'a'], ['SET', 'b', '2'], ['MGET', 'a', 'b']]) });
    assert.equal(ran.status, 200);
    assert.deepEqual(ran.json, [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'OK' }, { result: ['x', '2'] }]);
    // A transaction command inside /multi-exec is refused, which discards the transaction.
    const nested = await call(server, '/multi-exec', { body: JSON.stringify([['MULTI'], ['SET', 'c', '1']]) });
    assert.equal(nested.status, 400);
    assert.deepEqual((await command(server, ['EXISTS', 'c'])).json, { result: 0 });
  });

  test('/multi-exec is atomic: concurrent RESP clients never see half of it', async () => {
    await flush();
    const redis = new Redis(server.port, '127.0.0.1');
    try {
      const seen = new Set<string>();
      let stop = false;
      const reader = (async () => {
        while (!stop) {
          const [a, b] = await redis.mget('x', 'y');
          seen.add(`${a}/${b}`);
        }
      })();
      for (let i = 0; i < 50; i++) {
        await call(server, '/multi-exec', { body: JSON.stringify([['SET', 'x', String(i)], ['SET', 'y', String(i)]]) });
      }
      stop = true;
      await reader;
      for (const pair of seen) {
        const [a, b] = pair.split('/');
        assert.equal(a, b, `saw ${pair}`);
      }
    } finally {
      redis.disconnect();
    }
  });

  test('(15) a pipeline of 1000 commands', async () => {
    await flush();
    const commands = Array.from({ length: 1000 }, (_, i) => ['INCR', `c${i % 10}`]);
    const answer = await call(server, '/pipeline', { body: JSON.stringify(commands) });
    const items = answer.json as Array<{ result: number }>;
    assert.equal(items.length, 1000);
    assert.equal(items[999]!.result, 100);
  });
});

describe('headers, limits and methods', () => {
  test('(12) upstash-sync-token moves on after every write, not after reads; any request value is accepted', async () => {
    const first = (await command(server, ['SET', 'k', '1'])).headers.get('upstash-sync-token');
    const afterRead = (await command(server, ['GET', 'k'], { 'upstash-sync-token': '' })).headers.get('upstash-sync-token');
    assert.equal(afterRead, first);
    const afterWrite = (await command(server, ['SET', 'k', '2'], { 'upstash-sync-token': 'garbage-value' })).headers.get('upstash-sync-token');
    assert.notEqual(afterWrite, first);
    const afterPipeline = (await call(server, '/pipeline', { body: '[["INCR","k"]]', headers: { 'upstash-sync-token': afterWrite! } })).headers.get('upstash-sync-token');
    assert.notEqual(afterPipeline, afterWrite);
    const concurrent = await Promise.all(Array.from({ length: 5 }, (_, i) => command(server, ['SET', `p${i}`, 'v'])));
    assert.equal(new Set(concurrent.map((answer) => answer.headers.get('upstash-sync-token'))).size, 5);
  });

  test('(13) telemetry, cache and accept headers are tolerated', async () => {
    const answer = await command(server, ['PING'], {
      'Upstash-Telemetry-Sdk': '@upstash/redis@v1.39.0,@upstash/ratelimit@v2.0.0',
      'Upstash-Telemetry-Runtime': 'node@v20',
      'Upstash-Telemetry-Platform': 'unknown',
      'Upstash-Telemetry-Retry': '1',
      'Cache-Control': 'no-store',
      Accept: 'application/json',
      'Content-Type': 'text/plain',
    });
    assert.deepEqual(answer.json, { result: 'PONG' });
  });

  test('(15) a body over the limit is a 413 JSON error on a socket that stays usable; long URLs work', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const tooLarge = await call(server, '/set/big', { body: big });
    assert.equal(tooLarge.status, 413);
    assert.deepEqual(tooLarge.json, { error: 'ERR max request size exceeded' });
    const inJson = await call(server, '/', { body: JSON.stringify(['SET', 'big', big]) });
    assert.equal(inJson.status, 413);
    const value = 'v'.repeat(100_000);
    assert.deepEqual((await call(server, `/set/long/${value}`)).json, { result: 'OK' });
    assert.deepEqual((await command(server, ['STRLEN', 'long'])).json, { result: 100_000 });
    const tooLong = await call(server, `/set/long/${'v'.repeat(1200 * 1024)}`);
    assert.equal(tooLong.status, 431);
    assert.match((tooLong.json as { error: string }).error, /longer than/);
    // A body sent without Content-Length (chunked) and past the limit is still answered.
    const streamed = await fetch(server.restUrl + '/set/big', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(big)); controller.close(); } }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    assert.deepEqual(await streamed.json(), { error: 'ERR max request size exceeded' });
  });

  test('a request Node cannot parse gets a JSON 400, and the server carries on', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.restPort, '127.0.0.1', () => socket.write('GARBAGE / HTTP/1.1\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
    });
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.match(reply, /\{"error":"ERR bad HTTP request/);
    assert.deepEqual((await command(server, ['PING'])).json, { result: 'PONG' });
  });

  test('(16) GET, HEAD, POST, PUT are accepted; other methods 405 JSON; OPTIONS answers the CORS preflight', async () => {
    for (const method of ['DELETE', 'PATCH']) {
      const answer = await call(server, '/get/k', { method });
      assert.equal(answer.status, 405, method);
      assert.equal(typeof (answer.json as { error: string }).error, 'string');
    }
    const preflight = await fetch(server.restUrl + '/', { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, upstash-encoding' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods')!, /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers')!, /upstash-encoding/);
    const fromBrowser = await command(server, ['PING'], { Origin: 'http://localhost:3000' });
    assert.equal(fromBrowser.headers.get('access-control-allow-origin'), '*');
    assert.equal(fromBrowser.headers.get('access-control-expose-headers'), 'upstash-sync-token');
    // Requests without an Origin (servers, curl) are not browsers: no CORS headers to send.
    assert.equal((await command(server, ['PING'])).headers.get('access-control-allow-origin'), null);
  });
});

describe('commands that need a connection', () => {
  test('(17) are refused at once with a clear error', async () => {
    const started = Date.now();
    for (const argv of [['BLPOP', 'q', '0'], ['BRPOP', 'q', '0'], ['BZPOPMIN', 'z', '0'], ['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', '0'], ['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], ['WATCH', 'k'], ['MULTI'], ['EXEC'], ['DISCARD'], ['SUBSCRIBE', 'c'], ['PSUBSCRIBE', 'c*'], ['SELECT', '1'], ['AUTH', 'x'], ['HELLO', '3'], ['QUIT'], ['CLIENT', 'ID'], ['MONITOR'], ['RESET']]) {
      const answer = await command(server, argv);
      assert.equal(answer.status, 400, argv.join(' '));
      assert.match((answer.json as { error: string }).error, /is not supported over REST/, argv.join(' '));
    }
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual((await command(server, ['XREAD', 'COUNT', '1', 'STREAMS', 'nostream', '0'])).json, { result: null });
    assert.deepEqual((await command(server, ['ECHO', 'hi'])).json, { result: 'hi' });
  });
});

describe("Upstash's dialect (section 10), on REST only", () => {
  test('(19) COPY to itself, UNLINK of nothing, SCAN WITHTYPE, ZRANGE LIMIT by rank, exact XTRIM ~, XREADGROUP NOACK', async () => {
    await flush();
    await command(server, ['SET', 'k', 'v']);
    assert.deepEqual((await command(server, ['COPY', 'k', 'k'])).json, { result: 0 });
    assert.deepEqual((await command(server, ['UNLINK'])).json, { result: 0 });
    await command(server, ['HSET', 'h', 'f', 'v']);
    const scan = (await command(server, ['SCAN', '0', 'WITHTYPE'])).json as { result: [string, string[]] };
    assert.equal(scan.result[0], '0');
    const pairs = new Map<string, string>();
    for (let i = 0; i < scan.result[1].length; i += 2) pairs.set(scan.result[1][i]!, scan.result[1][i + 1]!);
    assert.deepEqual(pairs, new Map([['k', 'string'], ['h', 'hash']]));
    await command(server, ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e']);
    assert.deepEqual((await command(server, ['ZRANGE', 'z', '0', '-1', 'LIMIT', '1', '2'])).json, { result: ['b', 'c'] });
    assert.deepEqual((await command(server, ['ZRANGE', 'z', '0', '-1', 'REV', 'LIMIT', '0', '2', 'WITHSCORES'])).json, { result: ['e', '5', 'd', '4'] });
    assert.deepEqual((await command(server, ['ZRANGE', 'z', '1', '2', 'BYSCORE', 'LIMIT', '0', '1'])).json, { result: ['a'] });
    const entries = Array.from({ length: 1000 }, (_, i) => ['XADD', 's', '*', 'i', String(i)]);
    await call(server, '/pipeline', { body: JSON.stringify(entries) });
    await command(server, ['XTRIM', 's', 'MAXLEN', '~', '30']);
    assert.deepEqual((await command(server, ['XLEN', 's'])).json, { result: 30 });
    await command(server, ['XGROUP', 'CREATE', 's', 'g', '0']);
    const read = (await command(server, ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'NOACK', 'STREAMS', 's', '>'])).json as { result: unknown[] };
    assert.equal(read.result.length, 1);
    assert.deepEqual((await command(server, ['XINFO', 'CONSUMERS', 's', 'g'])).json, { result: [] });
    // The RESP front end stays Redis.
    const redis = new Redis(server.port, '127.0.0.1');
    try {
      await assert.rejects(redis.copy('k', 'k'), /source and destination objects are the same/);
      await assert.rejects(redis.call('ZRANGE', 'z', '0', '-1', 'LIMIT', '1', '2'), /syntax error/);
      await assert.rejects(redis.call('UNLINK'), /wrong number of arguments/);
    } finally {
      redis.disconnect();
    }
  });
});
