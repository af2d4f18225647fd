import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening of the approval center (issue 16):
 * - one credit-commitment signature per application and text version (20 concurrent requests made
 *   20 signatures): duplicates already there are folded into the first one, then a unique constraint;
 * - objections need a verified contact (a phone proved by an SMS code, or a logged-in user), are
 *   rate-limited per source and phone (keyed digests, never the address), carry a category the firm
 *   may see instead of the text, and may be marked as spam;
 * - one-time codes (account change, objector's phone) are stored as a keyed digest with the id of
 *   the key.
 */
export class ApprovalHardening1732000017100 implements MigrationInterface {
  name = 'ApprovalHardening1732000017100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM approval.commitments c USING approval.commitments first
      WHERE c.application_id = first.application_id AND c.text_version = first.text_version
        AND (c.signed_at, c.id) > (first.signed_at, first.id)`);
    await q.query(`ALTER TABLE approval.commitments ADD CONSTRAINT "UQ_commitments_application_version" UNIQUE (application_id, text_version)`);

    await q.query(`ALTER TABLE approval.account_verifications ADD COLUMN code_key_id text NULL`);
    await q.query(`CREATE INDEX "IDX_account_verifications_application" ON approval.account_verifications (application_id, created_at)`);

    await q.query(`CREATE TABLE approval.contact_verifications (
      id uuid CONSTRAINT "PK_contact_verifications" PRIMARY KEY,
      round_id uuid NOT NULL CONSTRAINT "FK_contact_verifications_round" REFERENCES approval.disclosure_rounds(id),
      phone_enc text NOT NULL,
      phone_digest text NOT NULL,
      source_digest text NOT NULL,
      code_digest text NOT NULL,
      code_key_id text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_contact_verifications_phone" ON approval.contact_verifications (phone_digest, created_at)`);
    await q.query(`CREATE INDEX "IDX_contact_verifications_source" ON approval.contact_verifications (source_digest, created_at)`);

    await q.query(`ALTER TABLE approval.objections ADD COLUMN category text NOT NULL DEFAULT 'other'
      CONSTRAINT "CHK_objections_category" CHECK (category IN ('eligibility','data','duplicate','credit','other'))`);
    await q.query(`ALTER TABLE approval.objections ADD COLUMN verified_by text NULL CONSTRAINT "CHK_objections_verified_by" CHECK (verified_by IN ('sms','login'))`);
    await q.query(`ALTER TABLE approval.objections ADD COLUMN objector_user_id text NULL`);
    await q.query(`ALTER TABLE approval.objections ADD COLUMN phone_digest text NULL`);
    await q.query(`ALTER TABLE approval.objections ADD COLUMN source_digest text NULL`);
    await q.query(`ALTER TABLE approval.objections DROP CONSTRAINT "CHK_objections_status"`);
    await q.query(`ALTER TABLE approval.objections ADD CONSTRAINT "CHK_objections_status" CHECK (status IN ('open','upheld','dismissed','spam'))`);
    await q.query(`CREATE INDEX "IDX_objections_source" ON approval.objections (source_digest, created_at)`);
    await q.query(`CREATE INDEX "IDX_objections_phone" ON approval.objections (phone_digest, created_at)`);
    await q.query(`CREATE INDEX "IDX_objections_objector" ON approval.objections (objector_user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX approval."IDX_objections_objector"`);
    await q.query(`DROP INDEX approval."IDX_objections_phone"`);
    await q.query(`DROP INDEX approval."IDX_objections_source"`);
    await q.query(`ALTER TABLE approval.objections DROP CONSTRAINT "CHK_objections_status"`);
    await q.query(`UPDATE approval.objections SET status = 'dismissed' WHERE status = 'spam'`);
    await q.query(`ALTER TABLE approval.objections ADD CONSTRAINT "CHK_objections_status" CHECK (status IN ('open','upheld','dismissed'))`);
    for (const c of ['source_digest', 'phone_digest', 'objector_user_id', 'verified_by', 'category']) await q.query(`ALTER TABLE approval.objections DROP COLUMN ${c}`);
    await q.query(`DROP TABLE approval.contact_verifications`);
    await q.query(`DROP INDEX approval."IDX_account_verifications_application"`);
    await q.query(`ALTER TABLE approval.account_verifications DROP COLUMN code_key_id`);
    await q.query(`ALTER TABLE approval.commitments DROP CONSTRAINT "UQ_commitments_application_version"`);
  }
}
