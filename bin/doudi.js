#!/usr/bin/env node
// The `doudi` command. Sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
