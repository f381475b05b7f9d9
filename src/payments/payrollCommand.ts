/** `doudi payroll run|approve|bank-file|returns|verify` (commands.ts). */
export { payroll as run } from './commands.ts';
