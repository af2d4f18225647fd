import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxService } from '@app/policies';

interface MarksApplied {
  markApplied(m: EntityManager, enterpriseId: string, itemId: string): Promise<void>;
}

/**
 * Tells the push inbox that a firm applied for (or confirmed) an item, so the policy center counts
 * it. Uses `InboxService.markApplied` once the policy center exports it; until then the same
 * one-row update on policy.inbox, in the caller's transaction.
 */
@Injectable()
export class InboxAppliedAdapter {
  constructor(private readonly inbox: InboxService) {}

  async markApplied(m: EntityManager, enterpriseId: string, itemId: string): Promise<void> {
    const port = this.inbox as unknown as Partial<MarksApplied>;
    if (typeof port.markApplied === 'function') return port.markApplied.call(this.inbox, m, enterpriseId, itemId);
    await m.query(`UPDATE policy.inbox SET applied_at = coalesce(applied_at, now()) WHERE enterprise_id = $1 AND item_id = $2`, [enterpriseId, itemId]);
  }
}
