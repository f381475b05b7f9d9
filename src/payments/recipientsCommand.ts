/** `doudi recipients import FILE [--policy PACK.yaml] [--dry-run]` (commands.ts). */
export { recipients as run } from './commands.ts';
