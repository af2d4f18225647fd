import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxService } from '@app/policies';

/** Tells the policy center's push inbox that a firm applied for an item, and how its application is going. */
@Injectable()
export class InboxAppliedAdapter {
  constructor(private readonly inbox: InboxService) {}

  markApplied(m: EntityManager, enterpriseId: string, itemId: string): Promise<void> {
    return this.inbox.markApplied(m, enterpriseId, itemId);
  }

  noteProgress(m: EntityManager, enterpriseId: string, itemId: string, text: string): Promise<void> {
    return this.inbox.noteProgress(m, enterpriseId, itemId, text);
  }
}
