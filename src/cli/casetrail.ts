#!/usr/bin/env node
import { ConfigError } from '../shared/config/config.js';
import { type Command, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, say } from './cli.js';

/** `casetrail <command>`: the operator's tool. It reads the same environment as the server (DATABASE_URL, ...). */
const COMMANDS: readonly Command[] = [
  {
    name: 'migrate',
    usage: 'casetrail migrate',
    summary: 'create the database if it is missing and apply the pending migrations',
    load: () => import('./commands/migrate.command.js'),
  },
  {
    name: 'rebuild',
    usage: 'casetrail rebuild <projection>|--all',
    summary: 'empty read models and replay the whole log into them (with the app instances stopped)',
    load: () => import('./commands/rebuild.command.js'),
  },
  {
    name: 'verify',
    usage: "casetrail verify [--checkpoint '<line>' | --checkpoint @file] [--public-key key.pem]",
    summary:
      "re-verify every stream's hash chain, the ledger over the whole log and every signed checkpoint (also those given); list what is broken or missing and exit 1 if there is any",
    load: () => import('./commands/verify.command.js'),
  },
  {
    name: 'export',
    usage: 'casetrail export [--out <file>]',
    summary: 'write every event in global order, with its hashes, and the stream heads as NDJSON (stdout by default)',
    load: () => import('./commands/export.command.js'),
  },
  {
    name: 'import',
    usage: 'casetrail import <file>',
    summary: 'check an export file and write it into an empty event log (refused, writing nothing, on any broken chain)',
    load: () => import('./commands/import.command.js'),
  },
  {
    name: 'personal-data',
    usage: 'casetrail personal-data rewrap [--previous <kek-file>]',
    summary:
      "wrap every data subject's key under PERSONAL_DATA_KEK_FILE: the plain ones and those under the previous KEK (PERSONAL_DATA_KEK_PREVIOUS_FILE or --previous); report the counts",
    load: () => import('./commands/personal-data.command.js'),
  },
  {
    name: 'token',
    usage: 'casetrail token --sub <officerId> --agency <agencyId> --roles officer,head [--name <name>] [--hours 12]',
    summary: "sign a bearer token with the server's JWT_SECRET (for local use and scripts)",
    load: () => import('./commands/token.command.js'),
  },
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: casetrail <command> [arguments]',
    '',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'It reads the configuration of the server from the environment (DATABASE_URL, REDIS_URL, JWT_SECRET, ...).',
    'Exit status: 0 done, 1 a problem found (a broken chain, a refused import, a failed rebuild), 2 bad arguments.',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${usage()}\n`);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    say(`casetrail: unknown command ${name}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n  ${command.summary}\n`);
    return EXIT_OK;
  }
  try {
    return await (await command.load()).run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      say(`casetrail ${name}: ${error.message}\nusage: ${command.usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      say(error.message);
      return EXIT_USAGE;
    }
    say(`casetrail ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILED;
  }
}

// Exit at once: connections a command opened through the app's modules (queues) would keep the process alive.
process.exit(await main(process.argv.slice(2)));
