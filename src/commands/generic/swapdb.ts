// https://redis.io/commands/swapdb/
import { defineCommand } from '../../core/command.js';
import { ERR_DB_INDEX, ERR_INVALID_FIRST_DB, ERR_INVALID_SECOND_DB } from '../../core/errors.js';
import { parseDbNumber } from './db-index.js';

export const swapdb = defineCommand({
  name: 'swapdb', arity: 3, flags: 'write fast', acl: 'dangerous',
  group: 'generic', since: '4.0.0', summary: 'Exchanges the contents of two databases.',
  run({ argv, reply, server }) {
    const first = parseDbNumber(argv[1]!, ERR_INVALID_FIRST_DB);
    if (typeof first !== 'number') return reply.error(first.error);
    const second = parseDbNumber(argv[2]!, ERR_INVALID_SECOND_DB);
    if (typeof second !== 'number') return reply.error(second.error);
    const keyspace = server.keyspace;
    const count = keyspace.databases.length;
    if (first < 0 || first >= count || second < 0 || second >= count) return reply.error(ERR_DB_INDEX);
    keyspace.swap(first, second);
    // Every key of both databases may have changed: one change, announced to each database.
    keyspace.db(first).modified('', 1);
    if (second !== first) keyspace.db(second).modified('', 0);
    reply.ok();
  },
});
