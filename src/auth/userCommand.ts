/** `doudi user add`: creates an account from the command line (the first admin of a real county). */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { seedAreas } from '../registry/seed.ts';
import { ROLE_NAMES, type Role } from './roles.ts';
import { createUser } from './users.ts';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: {
    username: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' },
    area: { type: 'string' }, department: { type: 'string' },
  } });
  if (sub !== 'add' || !values.username || !values.password || !values.role || !values.area) {
    process.stderr.write(`用法 usage: doudi user add --username U --password P --role (${ROLE_NAMES.join('|')}) --area CODE [--name 姓名] [--department 部门]\n密码至少 10 位且不易猜中 the password needs 10+ characters and must be hard to guess\n`);
    return 2;
  }
  if (!ROLE_NAMES.includes(values.role as Role)) {
    process.stderr.write(`角色无效 unknown role: ${values.role}\n`);
    return 2;
  }
  const database = await openDatabase();
  try {
    await seedAreas(database.db, values.area.slice(0, 6));
    const u = await createUser(database.db, { username: values.username, displayName: values.name ?? values.username, password: values.password,
      role: values.role as Role, department: values.department ?? null, areaCode: values.area }, 'cli');
    console.log(`已创建用户 created: ${u.username}（${u.role}，${u.areaCode}）`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) { process.stderr.write(`${e.message}\n`); return 2; }
    throw e;
  } finally {
    await database.close();
  }
}
