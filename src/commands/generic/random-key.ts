// https://redis.io/commands/randomkey/
import { defineCommand } from '../../core/command.js';

export const randomkey = defineCommand({
  name: 'randomkey', arity: 1, flags: 'readonly', tips: 'request_policy:all_shards nondeterministic_output',
  group: 'generic', since: '1.0.0', summary: 'Returns a random key of the selected database, or nil when it is empty.',
  run({ db, reply }) {
    const key = db.randomKey();
    if (key === undefined) reply.nil();
    else reply.bulk(key);
  },
});
