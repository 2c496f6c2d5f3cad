// https://redis.io/commands/httl/ (also HPTTL, HEXPIRETIME, HPEXPIRETIME; Redis 7.4)
import { defineCommand, rangeKeys, type CommandDeclaration } from '../../core/command.js';
import { ERR_NUMFIELDS_NOT_POSITIVE } from '../../core/errors.js';
import { parseFieldList } from './field-ttl-arguments.js';
import { readHash } from './hash-lookup.js';

const NO_SUCH_FIELD = -2;
const NO_TTL = -1;

function ttlCommand(name: string, unitMs: 1 | 1000, relative: boolean, summary: string): CommandDeclaration {
  return defineCommand({
    name, arity: -5, flags: 'readonly fast', keys: [1, 1, 1], keySpecs: [rangeKeys('RO access', 1)],
    tips: relative ? 'nondeterministic_output' : undefined,
    group: 'hash', since: '7.4.0', complexity: 'O(N) in the fields given', summary,
    run({ argv, db, reply, server }) {
      const hash = readHash(db, argv[1]!, reply);
      if (hash === null) return;
      const fields = parseFieldList(argv, 2, ERR_NUMFIELDS_NOT_POSITIVE, name);
      if (typeof fields === 'string') return reply.error(fields);
      const base = relative ? server.clock.now : 0;
      reply.array(fields.count);
      for (let i = fields.first; i < argv.length; i++) {
        const deadline = hash?.fieldDeadline(argv[i]!);
        if (deadline === undefined) reply.int(NO_SUCH_FIELD);
        else if (deadline === 0) reply.int(NO_TTL);
        // Seconds round up, unlike TTL's: a field with 1 ms left still has "1".
        else reply.int(unitMs === 1 ? deadline - base : Math.floor((deadline + 999 - base) / 1000));
      }
    },
  });
}

export const httl = ttlCommand('httl', 1000, true, 'Answers the seconds each hash field has left to live (-1 no TTL, -2 no field).');
export const hpttl = ttlCommand('hpttl', 1, true, 'Answers the milliseconds each hash field has left to live (-1 no TTL, -2 no field).');
export const hexpiretime = ttlCommand('hexpiretime', 1000, false, 'Answers the Unix time in seconds at which each hash field expires.');
export const hpexpiretime = ttlCommand('hpexpiretime', 1, false, 'Answers the Unix time in milliseconds at which each hash field expires.');
