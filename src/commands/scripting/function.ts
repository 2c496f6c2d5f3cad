// https://redis.io/commands/function-load/ (and DELETE, FLUSH, LIST, STATS, KILL, HELP)
import { defineCommand } from '../../core/command.js';
import { ERR_FUNCTION_FLUSH_MODE, unknownSubcommandOrArity } from '../../core/errors.js';
import { globMatch } from '../../core/glob.js';
import { scriptingOf } from '../../scripting/scripting.js';
import { functionsPayload, readFunctionsPayload } from '../../scripting/function-payload.js';
import { replyHelp } from '../server/help-reply.js';

const HELP_LINES = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Loads a library whose code starts with #!lua name=<library>; REPLACE replaces one of that name.',
  'DELETE <LIBRARY NAME>',
  '    Deletes a library and its functions.',
  'KILL',
  '    Stops the function in progress if it has not written anything.',
  'FLUSH [ASYNC|SYNC]',
  '    Deletes every library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Lists the libraries, their functions and, with WITHCODE, their code.',
  'STATS',
  '    The function in progress and how many libraries and functions there are.',
  'DUMP',
  '    A payload holding every library, for FUNCTION RESTORE.',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Loads the libraries of a DUMP payload: APPEND (the default) fails if one exists, REPLACE replaces them, FLUSH deletes all first.',
  'HELP',
  '    This text.',
];

export const functionCommand = defineCommand({
  name: 'function', arity: -2, acl: '-group', group: 'scripting', since: '7.0.0', complexity: 'Depends on the subcommand',
  summary: 'Manages function libraries.',
  subcommands: [
    {
      name: 'load', arity: -3, flags: 'write denyoom noscript', group: 'scripting', since: '7.0.0', complexity: 'O(1) (considering compilation time is redundant)',
      tips: 'request_policy:all_shards response_policy:all_succeeded', summary: 'Loads a function library.',
      run({ argv, reply, server }) {
        let replace = false;
        let index = 2;
        for (; index < argv.length - 1; index++) {
          if (argv[index]!.toLowerCase() === 'replace') replace = true;
          else return reply.error(`ERR Unknown option given: ${argv[index]}`);
        }
        if (index !== argv.length - 1) return reply.error('ERR Function code is missing');
        const loaded = scriptingOf(server).libraries.load(argv[index]!, replace);
        if ('error' in loaded) return reply.error(loaded.error);
        server.keyspace.dirty++;
        reply.bulk(loaded.name);
      },
    },
    {
      name: 'delete', arity: 3, flags: 'write noscript', group: 'scripting', since: '7.0.0', complexity: 'O(1)',
      tips: 'request_policy:all_shards response_policy:all_succeeded', summary: 'Deletes a function library.',
      run({ argv, reply, server }) {
        if (!scriptingOf(server).libraries.delete(argv[2]!)) return reply.error('ERR Library not found');
        server.keyspace.dirty++;
        reply.ok();
      },
    },
    {
      name: 'flush', arity: -2, flags: 'write noscript', group: 'scripting', since: '7.0.0',
      tips: 'request_policy:all_shards response_policy:all_succeeded', complexity: 'O(N) where N is the number of functions deleted',
      summary: 'Deletes every function library.',
      run({ argv, reply, server }) {
        if (argv.length > 3) return reply.error(unknownSubcommandOrArity(argv[1]!, 'function'));
        if (argv.length === 3) {
          const mode = argv[2]!.toLowerCase();
          if (mode !== 'sync' && mode !== 'async') return reply.error(ERR_FUNCTION_FLUSH_MODE);
        }
        scriptingOf(server).libraries.flush();
        server.keyspace.dirty++;
        reply.ok();
      },
    },
    {
      name: 'list', arity: -2, flags: 'noscript', group: 'scripting', since: '7.0.0', tips: 'nondeterministic_output_order',
      complexity: 'O(N) where N is the number of functions', summary: 'Lists the function libraries.',
      run({ argv, reply, server }) {
        let withCode = false;
        let pattern: string | undefined;
        for (let i = 2; i < argv.length; i++) {
          const word = argv[i]!.toLowerCase();
          if (word === 'withcode' && !withCode) withCode = true;
          else if (word === 'libraryname' && pattern === undefined) {
            if (i + 1 >= argv.length) return reply.error('ERR library name argument was not given');
            pattern = argv[++i]!;
          }
          else return reply.error(`ERR Unknown argument ${argv[i]}`);
        }
        const libraries = [...scriptingOf(server).libraries.libraries.values()]
          .filter((library) => pattern === undefined || globMatch(pattern, library.name));
        reply.array(libraries.length);
        for (const library of libraries) {
          reply.map(withCode ? 4 : 3);
          reply.bulk('library_name'); reply.bulk(library.name);
          reply.bulk('engine'); reply.bulk('LUA');
          reply.bulk('functions');
          reply.array(library.functions.length);
          for (const fn of library.functions) {
            reply.map(3);
            reply.bulk('name'); reply.bulk(fn.name);
            reply.bulk('description');
            if (fn.description === undefined) reply.nil(); else reply.bulk(fn.description);
            reply.bulk('flags');
            reply.set(fn.flags.length);
            for (const flag of fn.flags) reply.simple(flag);
          }
          if (withCode) { reply.bulk('library_code'); reply.bulk(library.code); }
        }
      },
    },
    {
      name: 'stats', arity: 2, flags: 'noscript allow_busy', group: 'scripting', since: '7.0.0', complexity: 'O(1)',
      tips: 'nondeterministic_output request_policy:all_shards response_policy:special',
      summary: 'Shows the function in progress and how many functions there are.',
      run({ reply, server }) {
        const scripting = scriptingOf(server);
        const running = scripting.running;
        reply.map(2);
        reply.bulk('running_script');
        if (running === undefined || !running.isFunction) reply.nil();
        else {
          reply.map(3);
          reply.bulk('name'); reply.bulk(running.name);
          reply.bulk('command');
          reply.array(running.ctx.argv.length);
          for (const arg of running.ctx.argv) reply.bulk(arg);
          reply.bulk('duration_ms'); reply.int(Math.round(performance.now() - running.startedAt));
        }
        reply.bulk('engines');
        reply.map(1);
        reply.bulk('LUA');
        reply.map(2);
        reply.bulk('libraries_count'); reply.int(scripting.libraries.libraries.size);
        reply.bulk('functions_count'); reply.int(scripting.libraries.functions.size);
      },
    },
    {
      name: 'kill', arity: 2, flags: 'noscript allow_busy', group: 'scripting', since: '7.0.0', complexity: 'O(1)',
      tips: 'request_policy:all_shards response_policy:one_succeeded', summary: 'Stops the function in progress.',
      run({ reply, server }) {
        const scripting = scriptingOf(server);
        const running = scripting.running;
        if (running === undefined || !running.busy) return reply.error('NOTBUSY No scripts in execution right now.');
        if (!running.isFunction) return reply.error('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
        if (running.wrote) {
          return reply.error('UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
        }
        scripting.kill();
        reply.ok();
      },
    },
    {
      name: 'dump', arity: 2, flags: 'noscript', group: 'scripting', since: '7.0.0', complexity: 'O(N) where N is the number of functions',
      summary: 'Serializes every function library into a payload FUNCTION RESTORE takes.',
      run({ reply, server }) {
        const libraries = scriptingOf(server).libraries.libraries;
        const payload = functionsPayload([...libraries.values()].map((library) => library.code));
        reply.bulk(payload.latin1Slice(0, payload.length));
      },
    },
    {
      name: 'restore', arity: -3, flags: 'write denyoom noscript', group: 'scripting', since: '7.0.0',
      tips: 'request_policy:all_shards response_policy:all_succeeded', complexity: 'O(N) where N is the number of functions on the payload',
      summary: 'Loads the function libraries of a FUNCTION DUMP payload.',
      run({ argv, reply, server }) {
        if (argv.length > 4) return reply.error('ERR syntax error');
        const policy = (argv[3] ?? 'append').toLowerCase();
        if (policy !== 'append' && policy !== 'replace' && policy !== 'flush') {
          return reply.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
        }
        const payload = readFunctionsPayload(Buffer.from(argv[2]!, 'latin1'));
        if ('error' in payload) return reply.error(payload.error);
        const failure = scriptingOf(server).libraries.restore(payload.codes, policy);
        if (failure !== undefined) return reply.error(failure);
        server.keyspace.dirty++;
        reply.ok();
      },
    },
    {
      name: 'help', arity: 2, flags: 'loading stale', group: 'scripting', since: '7.0.0', complexity: 'O(1)',
      summary: 'Lists the FUNCTION subcommands.',
      run: ({ reply }) => replyHelp(reply, HELP_LINES),
    },
  ],
});
