import { parseInteger } from '../../core/args.js';
import { defineCommand } from '../../core/command.js';
import { ERR_DB_INDEX, ERR_NOT_INTEGER } from '../../core/errors.js';

export const select = defineCommand({
  name: 'select', arity: 2, flags: 'loading stale fast', group: 'connection', since: '1.0.0',
  summary: 'Switches the connection to another numbered database.',
  run({ argv, session, server, reply }) {
    const index = parseInteger(argv[1]!);
    if (index === null) return reply.error(ERR_NOT_INTEGER);
    if (index < 0 || index >= server.keyspace.databases.length) return reply.error(ERR_DB_INDEX);
    session.db = server.keyspace.db(index);
    reply.ok();
  },
});
