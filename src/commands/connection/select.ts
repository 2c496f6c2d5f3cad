import { defineCommand } from '../../core/command.js';
import { ERR_DB_INDEX } from '../../core/errors.js';
import { parseDbNumber } from '../generic/db-index.js';

export const select = defineCommand({
  name: 'select', arity: 2, flags: 'loading stale fast', group: 'connection', since: '1.0.0',
  summary: 'Switches the connection to another numbered database.',
  run({ argv, session, server, reply }) {
    const index = parseDbNumber(argv[1]!);
    if (typeof index !== 'number') return reply.error(index.error);
    if (index < 0 || index >= server.keyspace.databases.length) return reply.error(ERR_DB_INDEX);
    session.db = server.keyspace.db(index);
    reply.ok();
  },
});
