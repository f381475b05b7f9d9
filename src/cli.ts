/** The `doudi` command: bin/doudi.js loads this; the subcommands are in commands.ts. */
import { runCommand } from './commands.ts';

process.exitCode = await runCommand(process.argv.slice(2));
