import { MigrationInterface, QueryRunner } from 'typeorm';

/** 政策解读 and 常见问题 (FAQ) beside a policy's original text, shown on its public page. */
export class PolicyInterpretation1732000014001 implements MigrationInterface {
  name = 'PolicyInterpretation1732000014001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.policies ADD COLUMN interpretation text NULL`);
    await q.query(`ALTER TABLE policy.policies ADD COLUMN faq jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT "CHK_policies_faq_array" CHECK (jsonb_typeof(faq) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy.policies DROP COLUMN faq, DROP COLUMN interpretation`);
  }
}
