/**
 * Global setup of the browser suite: builds the web UI of this checkout once, before any browser test
 * file runs, so every file tests the current UI and none rebuilds it.
 */
import { spawnSync } from 'node:child_process';

export default function buildWeb(): void {
  const r = spawnSync('npx', ['vite', 'build', 'web', '--logLevel', 'error'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}
