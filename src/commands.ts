/**
 * The subcommands of `doudi` (src/cli.ts runs them for bin/doudi.js). Each lives in its capability
 * folder and is loaded on demand, so `doudi evaluate` starts without touching the database code.
 * Tests run them in-process through `runCommand` as well (src/test-support/doudi.ts).
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  serve: { summary: '启动平台 (start the web platform)', load: () => import('./serveCommand.ts') },
  evaluate: { summary: '按政策包计算待遇 (evaluate entitlements)', load: () => import('./policy/evaluateCommand.ts') },
  import: { summary: '导入花名册 xlsx/csv (import a ledger)', load: () => import('./ledger/importCommand.ts') },
  feed: { summary: '载入部门核对数据 feed load (load a department feed)', load: () => import('./verification/feedCommand.ts') },
  verify: { summary: '家庭经济状况核对 (match feeds against the registry)', load: () => import('./verification/verifyCommand.ts') },
  monitor: { summary: '防返贫监测预警 monitor --date D（按本县规则产生预警，可重复运行）', load: () => import('./monitoring/monitorCommand.ts') },
  demo: { summary: '生成演示数据 (generate demo households)', load: () => import('./registry/demoCommand.ts') },
  audit: { summary: '审计日志校验 audit verify (check the audit hash chain)', load: () => import('./auth/auditCommand.ts') },
  user: { summary: '用户管理 user add (create users)', load: () => import('./auth/userCommand.ts') },
  cases: { summary: '案件 cases tick --date D（督办逾期事项、生成到期复核 escalate overdue steps, create due reviews）', load: () => import('./cases/tickCommand.ts') },
  recipients: { summary: '导入在保对象花名册 recipients import (existing recipients)', load: () => import('./payments/recipientsCommand.ts') },
  medical: { summary: '医疗救助 medical settle FILE | premium --year Y --date D | identities --date D', load: () => import('./medical/commands.ts') },
  payroll: { summary: '月度发放 payroll run|approve|bank-file|returns|verify', load: () => import('./payments/payrollCommand.ts') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `用法 usage: doudi <command> [options]\n\n${lines.join('\n')}\n`;
}

/** Runs `doudi NAME ARGS…` (`args` without the program name) and returns its exit status. */
export async function runCommand(args: string[]): Promise<number> {
  const [name, ...argv] = args;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write((name && name !== '--help' ? `未知命令 unknown command: ${name}\n\n` : '') + usage());
    return name && name !== '--help' ? 2 : 0;
  }
  const mod = await command.load();
  return mod.run(argv);
}
