import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { AuditService } from '@app/core';
import { EnterpriseImportService, formatOf } from '@app/enterprises';
import { withCliContext } from './cli-context';

/** npm run import:enterprises -- FILE  (CSV, XLSX or NDJSON; money columns in 元) */
const file = process.argv[2];
const format = file ? formatOf(file) : null;
if (!file || !format) {
  console.error('usage: npm run import:enterprises -- FILE.csv|FILE.xlsx|FILE.ndjson');
  process.exit(2);
}

void withCliContext(async (app) => {
  const size = statSync(file).size;
  const bar = new SingleBar({ format: '导入 {bar} {percentage}% | {rows} 行 | {eta_formatted}' }, Presets.shades_classic);
  bar.start(size, 0, { rows: 0 });
  let bytes = 0;
  let rows = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      bar.update(bytes, { rows });
      cb(null, chunk);
    },
  });
  const report = await app.get(EnterpriseImportService).import(createReadStream(file).pipe(counter), format, null, {
    onProgress: (n) => (rows = n),
  });
  bar.update(size, { rows: report.rows });
  bar.stop();
  await app.get(AuditService).record({
    actor: { id: 'cli', username: `cli:${process.env.USER ?? 'operator'}`, role: 'admin' },
    action: 'enterprise.import',
    targetType: 'enterprise',
    details: { file, rows: report.rows, created: report.created, updated: report.updated, invalid: report.invalid },
  });
  console.log(
    `rows ${report.rows}: valid ${report.valid}, invalid ${report.invalid}; created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged} (${report.durationMs} ms)`,
  );
  for (const e of report.errors.slice(0, 50)) console.log(`  row ${e.row}${e.column ? ` [${e.column}]` : ''} ${e.code}: ${e.message}`);
  if (report.errors.length > 50) console.log(`  … ${report.invalid - 50} more`);
  return report.invalid > 0 ? 3 : 0;
});
