/**
 * `doudi audit verify [--head HASH]`: checks every link of the audit log's hash chain and the heads
 * anchored in the anchor file (and HASH, a head kept elsewhere); prints every problem and exits 1 when
 * there is one. On success it anchors the current head and prints it, to be kept outside this machine.
 */
import { parseArgs } from 'node:util';
import { openDatabase, optionsFromEnv } from '../db/connection.ts';
import { anchorAuditHead, auditAnchorPath, verifyAudit } from './audit.ts';

const USAGE = '用法 usage: doudi audit verify [--head 链头哈希 HASH]\n';

export async function run(argv: string[]): Promise<number> {
  let values: { head?: string };
  try {
    ({ values } = parseArgs({ args: argv.slice(1), options: { head: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (argv[0] !== 'verify') {
    process.stderr.write(USAGE);
    return 2;
  }
  const head = values.head?.trim().toLowerCase();
  if (head !== undefined && !/^[0-9a-f]{64}$/.test(head)) {
    process.stderr.write(`--head 应为 64 位十六进制哈希 must be a 64-digit hex hash\n${USAGE}`);
    return 2;
  }
  const opts = optionsFromEnv();
  const database = await openDatabase(opts);
  try {
    const anchorFile = auditAnchorPath(database.kind, opts);
    const r = await verifyAudit(database.db, { anchorFile, head });
    if (!r.ok) {
      console.log(`审计日志被篡改 audit log TAMPERED: ${r.entries} 条记录中发现 ${r.problems.length} 处问题 ${r.problems.length} problem(s) in ${r.entries} entries`);
      for (const p of r.problems) console.log(p.id === null ? `  ${p.problem}` : `  第 ${p.id} 条 entry ${p.id}: ${p.problem}`);
      return 1;
    }
    console.log(`审计日志完整 audit log intact: ${r.entries} 条记录 entries, 哈希链校验通过 hash chain verified`);
    if (head) console.log(`指定的链头在日志中 the given head is in the log: ${head}`);
    if (anchorFile) {
      console.log(r.anchors > 0
        ? `链头锚点 anchored heads: ${r.anchors} 个均在日志中 all still in the log (${anchorFile})`
        : `尚无链头锚点 no anchored head yet (${anchorFile}): 现在锚定 anchoring now`);
      await anchorAuditHead(database.db, anchorFile);
    }
    if (r.head) {
      console.log(`当前链头 current head: 第 ${r.head.id} 条 entry ${r.head.id} (${r.head.at})\n  ${r.head.hash}`);
      console.log(`请另行保存此哈希，日后用 doudi audit verify --head <哈希> 核对 keep this hash elsewhere and check it later with --head`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
