import { AuditService } from '@app/core';
import { withCliContext } from './cli-context';

/**
 * npm run audit:verify — recomputes the keyed hash chain and compares it with the signed checkpoint
 * under DATA_DIR; exit 1 and the first bad entry if tampered. An intact chain is anchored anew.
 */
void withCliContext(async (app) => {
  const audit = app.get(AuditService);
  const result = await audit.verify();
  if (result.ok) {
    const cp = result.checkpoint ? `; matches the checkpoint at seq ${result.checkpoint.seq} (${result.checkpoint.at})` : '; no checkpoint yet';
    console.log(`audit log intact: ${result.checked} entries verified${cp}`);
    const anchored = await audit.checkpoint();
    if (anchored.written) console.log(`checkpoint written at seq ${anchored.seq}: ${audit.checkpointFile}`);
    return 0;
  }
  console.log(`audit log TAMPERED at seq ${result.firstTampered!.seq} (${result.firstTampered!.id}): ${result.firstTampered!.reason}`);
  console.log(`${result.checked} entries verified before the problem was found`);
  return 1;
});
