import { defineConfig } from 'drizzle-kit';

// Each capability keeps its tables in its own src/<capability>/schema.ts (shared columns in src/db/columns.ts);
// after a change to any of them `npx drizzle-kit generate --name <change>` writes a new SQL migration to drizzle/.
// src/supervision/ keeps the coverage gaps' table apart (gapSchema.ts) from its other tables.
export default defineConfig({ dialect: 'postgresql', schema: ['./src/*/schema.ts', './src/supervision/gapSchema.ts'], out: './drizzle' });
