import type { EnterprisesService } from '../enterprise/enterprises.service';
import { generateEnterprises } from './demo-enterprise.generator';

/**
 * Writes `count` generated firms (deterministic for `seed`) in batches, without events or audit
 * entries: the initial load of a demo or benchmark database.
 */
export async function loadDemoEnterprises(
  enterprises: EnterprisesService,
  options: { count: number; seed: number; batchSize?: number; onProgress?: (done: number) => void },
): Promise<void> {
  const size = options.batchSize ?? 5000;
  let batch = [];
  let done = 0;
  for (const e of generateEnterprises({ count: options.count, seed: options.seed })) {
    batch.push(e);
    if (batch.length === size) {
      await enterprises.upsertBatch(batch, null, 'demo seed', { emitEvents: false, audit: false });
      done += batch.length;
      options.onProgress?.(done);
      batch = [];
    }
  }
  if (batch.length) await enterprises.upsertBatch(batch, null, 'demo seed', { emitEvents: false, audit: false });
  await enterprises.refreshStatistics();
  options.onProgress?.(options.count);
}
