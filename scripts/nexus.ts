// nexus: the host CLI for bundles, initrds, keys and the ledger
// (docs/formats.md). Run as `npx nexus ...` or `npm run nexus -- ...`.
import { pathToFileURL } from "node:url";
import { NexusError, UsageError } from "./nexus/bytes.ts";
import { COMMANDS } from "./nexus/commands.ts";
import { USAGE } from "./nexus/help.ts";

// Runs one command line; returns the exit status. Errors become one line on
// stderr, never a stack trace.
export function main(argv: string[]): number {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === undefined) throw new UsageError("missing command (see nexus --help)");
    if (cmd === "--help" || cmd === "-h" || cmd === "help") {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(cmd)} (see nexus --help)`);
    return run(rest);
  } catch (e) {
    if (e instanceof NexusError) {
      process.stderr.write(`nexus: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`nexus: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
