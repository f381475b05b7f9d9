#!/usr/bin/env node
// Rewrites the generated parts of the docs from the code they describe (today: the parameter table of
// docs/policy.md from src/policy/parameters.ts). Sources are TypeScript; tsx compiles them on load.
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { withParameterTable } = await import('../src/policy/parameterTable.ts');
const page = new URL('../docs/policy.md', import.meta.url);
writeFileSync(page, withParameterTable(readFileSync(page, 'utf8')));
console.log('docs/policy.md: parameter table rewritten');
