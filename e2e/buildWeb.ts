/**
 * Global setup of the browser suite: builds the web UI of this checkout once, before any browser test
 * file runs, so every file tests the current UI and none rebuilds it. `npm test` (scripts/test.js) builds it
 * itself just before the browser pass and sets DOUDI_WEB_BUILT, so it is not built twice in one run.
 */
import { spawnSync } from 'node:child_process';

export default function buildWeb(): void {
  if (process.env.DOUDI_WEB_BUILT === '1') return;
  const r = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'error'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}
