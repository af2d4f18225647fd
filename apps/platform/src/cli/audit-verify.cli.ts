import { AuditService } from '@app/core';
import { withCliContext } from './cli-context';

/** npm run audit:verify — recomputes the hash chain; exit 1 and the first bad entry if tampered. */
void withCliContext(async (app) => {
  const result = await app.get(AuditService).verify();
  if (result.ok) {
    console.log(`audit log intact: ${result.checked} entries verified`);
    return 0;
  }
  console.log(`audit log TAMPERED at seq ${result.firstTampered!.seq} (${result.firstTampered!.id}): ${result.firstTampered!.reason}`);
  console.log(`${result.checked} entries before it verified`);
  return 1;
});
