import { MigrationInterface, QueryRunner } from 'typeorm';

/** 一企一档: enterprise profiles, their version history and the tag library. */
export class EnterpriseInit1732000001000 implements MigrationInterface {
  name = 'EnterpriseInit1732000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS enterprise`);
    await q.query(`CREATE TABLE enterprise.enterprises (
      id uuid CONSTRAINT "PK_enterprises" PRIMARY KEY,
      seq bigserial NOT NULL CONSTRAINT "UQ_enterprises_seq" UNIQUE,
      credit_code char(18) NOT NULL CONSTRAINT "UQ_enterprises_credit_code" UNIQUE,
      name text NOT NULL,
      district_code text NULL,
      industry_code text NULL,
      scale text NULL CONSTRAINT "CHK_enterprises_scale" CHECK (scale IN ('large','medium','small','micro')),
      established_on date NULL,
      registered_capital bigint NULL,
      employees integer NULL CONSTRAINT "CHK_enterprises_employees" CHECK (employees >= 0),
      revenue bigint NULL,
      tax_paid bigint NULL,
      rd_expense bigint NULL,
      exports bigint NULL,
      rd_intensity double precision NULL,
      revenue_growth double precision NULL,
      tags text[] NOT NULL DEFAULT '{}',
      credit_status text NOT NULL DEFAULT 'good' CONSTRAINT "CHK_enterprises_credit" CHECK (credit_status IN ('good','dishonest')),
      credit_source text NULL,
      credit_since date NULL,
      credit_until date NULL,
      is_listed boolean NULL,
      bank_name text NULL,
      bank_account_enc text NULL,
      bank_account_masked text NULL,
      contact_name text NULL,
      contact_phone_enc text NULL,
      contact_phone_masked text NULL,
      version integer NOT NULL DEFAULT 1,
      content_digest text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_enterprises_district" ON enterprise.enterprises (district_code)`);
    await q.query(`CREATE INDEX "IDX_enterprises_industry" ON enterprise.enterprises (industry_code)`);
    await q.query(`CREATE INDEX "IDX_enterprises_scale" ON enterprise.enterprises (scale)`);
    await q.query(`CREATE INDEX "IDX_enterprises_credit" ON enterprise.enterprises (credit_status)`);
    await q.query(`CREATE INDEX "IDX_enterprises_tags" ON enterprise.enterprises USING gin (tags)`);
    await q.query(`CREATE TABLE enterprise.profile_versions (
      enterprise_id uuid NOT NULL CONSTRAINT "FK_profile_versions_enterprise" REFERENCES enterprise.enterprises(id) ON DELETE CASCADE,
      version integer NOT NULL,
      facts jsonb NOT NULL,
      changed_facts text[] NOT NULL,
      actor_id text NULL,
      reason text NULL,
      valid_from timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "PK_profile_versions" PRIMARY KEY (enterprise_id, version))`);
    await q.query(`CREATE INDEX "IDX_profile_versions_asof" ON enterprise.profile_versions (enterprise_id, valid_from)`);
    await q.query(`CREATE TABLE enterprise.tags (
      code text CONSTRAINT "PK_tags" PRIMARY KEY CONSTRAINT "CHK_tags_code" CHECK (code ~ '^[a-z][a-z0-9_]{1,47}$'),
      name text NOT NULL CONSTRAINT "UQ_tags_name" UNIQUE,
      category text NOT NULL,
      source text NOT NULL CONSTRAINT "CHK_tags_source" CHECK (source IN ('manual','imported','derived')),
      owner_department text NULL,
      description text NULL,
      rule jsonb NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA enterprise CASCADE`);
  }
}
