import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phones were masked like accounts (first 6 / last 4: `139123*5678`, 10 of 11 digits shown). The
 * stored mask is rewritten to first 3 / last 4 (`139****5678`, what maskPhone gives) from the old
 * mask itself: the clear number stays encrypted and is not needed.
 */
export class EnterprisePhoneMask1732000012000 implements MigrationInterface {
  name = 'EnterprisePhoneMask1732000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE enterprise.enterprises SET contact_phone_masked = left(contact_phone_masked, 3) || '****' || right(contact_phone_masked, 4)
       WHERE contact_phone_masked ~ '^1[0-9]{5}[*][0-9]{4}$'`,
    );
  }

  async down(): Promise<void> {
    // The old mask showed more digits than it should; there is nothing to restore.
  }
}
