// https://redis.io/commands/keys/
import { defineCommand } from '../../core/command.js';
import { compileGlob } from '../../core/glob.js';

export const keys = defineCommand({
  name: 'keys', arity: 2, flags: 'readonly', acl: 'dangerous',
  tips: 'request_policy:all_shards nondeterministic_output_order',
  group: 'generic', since: '1.0.0', summary: 'Returns every key that matches a glob pattern.',
  run({ argv, db, reply }) {
    const pattern = argv[1]!;
    // A lone '*' lists everything, the empty key included (the matcher's '*' needs a byte).
    const matches = pattern === '*' ? undefined : compileGlob(pattern);
    const found: string[] = [];
    // Like Redis, KEYS skips keys past their deadline without deleting them.
    const checkExpiry = db.expires.size !== 0;
    for (const key of db.data.keys()) {
      if (matches !== undefined && !matches(key)) continue;
      if (checkExpiry && db.isExpired(key)) continue;
      found.push(key);
    }
    reply.array(found.length);
    for (const key of found) reply.bulk(key);
  },
});
