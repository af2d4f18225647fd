import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { AuditService, DomainError, Principal } from '@app/core';
import { PolicyPortService } from '@app/policies';
import { withCliContext } from './cli-context';

/**
 * npm run policies -- import FILE.yaml|FILE.json [--skip-existing]
 * npm run policies -- export FILE.yaml|FILE.json
 *
 * Import validates every policy and item first and writes all of them (as drafts, for the owning
 * departments' editors and reviewers to submit and publish) or nothing; errors are listed with their
 * JSON pointers. Export writes every policy with its current items. Both are audited.
 */
const [command, file] = process.argv.slice(2);
const format = file && /^\.ya?ml$/i.test(extname(file)) ? 'yaml' : file && /^\.json$/i.test(extname(file)) ? 'json' : null;
if (!['import', 'export'].includes(command) || !file || !format) {
  console.error('usage: npm run policies -- import FILE.yaml|FILE.json [--skip-existing]\n       npm run policies -- export FILE.yaml|FILE.json');
  process.exit(2);
}

const operator: Principal = { id: 'cli', username: `cli:${process.env.USER ?? 'operator'}`, displayName: '命令行操作员', role: 'admin', departmentCode: null, enterpriseId: null };

void withCliContext(async (app) => {
  const port = app.get(PolicyPortService);
  if (command === 'export') {
    const text = await port.exportText(operator, format);
    writeFileSync(file, text);
    await app.get(AuditService).record({ actor: operator, action: 'policy.export', targetType: 'policy', details: { file, format } });
    console.log(`exported to ${file}`);
    return 0;
  }
  try {
    const docs = port.parse(readFileSync(file, 'utf8'), format);
    const result = await port.import(operator, docs, { skipExisting: process.argv.includes('--skip-existing') });
    await app.get(AuditService).record({ actor: operator, action: 'policy.import', targetType: 'policy', details: { file, ...result } });
    console.log(`imported ${result.created} polic${result.created === 1 ? 'y' : 'ies'} as drafts${result.skipped.length ? `; skipped existing: ${result.skipped.join(', ')}` : ''}`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(`${err.code}: ${err.message} — nothing was written`);
    const errors = (err.details as { errors?: Array<{ pointer: string; code: string; message: string }> } | undefined)?.errors ?? [];
    for (const e of errors.slice(0, 50)) console.error(`  ${e.pointer} ${e.code}: ${e.message}`);
    if (errors.length > 50) console.error(`  … ${errors.length - 50} more`);
    return 3;
  }
});
