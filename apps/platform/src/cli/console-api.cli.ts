/**
 * `npm run console:api`: regenerates the web console's API types (apps/console/src/api/schema.d.ts)
 * from the platform's OpenAPI document, built in-process (no database needed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_API_TYPES, consoleApiTypes, platformOpenApiDocument } from '../openapi/console-api-types';

async function main(): Promise<void> {
  const doc = await platformOpenApiDocument();
  const file = join(process.cwd(), CONSOLE_API_TYPES);
  writeFileSync(file, consoleApiTypes(doc));
  console.log(`wrote ${CONSOLE_API_TYPES} (${Object.keys(doc.paths).length} paths)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
