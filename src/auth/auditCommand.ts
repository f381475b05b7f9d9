/** `doudi audit verify`: walks the audit log's hash chain; exit 1 when an entry was edited or deleted. */
import { openDatabase } from '../db/connection.ts';
import { verifyAudit } from './audit.ts';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] !== 'verify') {
    process.stderr.write('用法 usage: doudi audit verify\n');
    return 2;
  }
  const database = await openDatabase();
  try {
    const r = await verifyAudit(database.db);
    if (r.ok) {
      console.log(`审计日志完整 audit log intact: ${r.entries} 条记录 entries, 哈希链校验通过 hash chain verified`);
      return 0;
    }
    console.log(`审计日志被篡改 audit log TAMPERED: 第 ${r.brokenAt!.id} 条 entry ${r.brokenAt!.id}: ${r.brokenAt!.problem}`);
    return 1;
  } finally {
    await database.close();
  }
}
