import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes a new SQL migration to drizzle/ after a change to a schema file:
// the platform's src/db/schema.ts and the capability folders' own (src/medical/schema.ts).
export default defineConfig({ dialect: 'postgresql', schema: ['./src/db/schema.ts', './src/medical/schema.ts'], out: './drizzle' });
