import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions with revocation: a token version per user (password or role change ends every session),
 * login sessions (a refresh-token family; logout revokes one), refresh tokens stored as keyed
 * digests; and stored responses of requests sent with an `Idempotency-Key`.
 */
export class CoreSessions1732000017000 implements MigrationInterface {
  name = 'CoreSessions1732000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE core.users ADD COLUMN password_changed_at timestamptz NULL`);
    await q.query(`CREATE TABLE core.auth_sessions (
      id uuid CONSTRAINT "PK_auth_sessions" PRIMARY KEY,
      user_id uuid NOT NULL CONSTRAINT "FK_auth_sessions_user" REFERENCES core.users(id),
      token_version integer NOT NULL,
      source text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NULL,
      revoked_reason text NULL)`);
    await q.query(`CREATE INDEX "IDX_auth_sessions_user" ON core.auth_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE core.refresh_tokens (
      token_digest text CONSTRAINT "PK_refresh_tokens" PRIMARY KEY,
      key_id text NOT NULL,
      session_id uuid NOT NULL CONSTRAINT "FK_refresh_tokens_session" REFERENCES core.auth_sessions(id),
      issued_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz NULL)`);
    await q.query(`CREATE INDEX "IDX_refresh_tokens_session" ON core.refresh_tokens (session_id)`);
    await q.query(`CREATE TABLE core.idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      body_digest char(64) NOT NULL,
      state text NOT NULL CONSTRAINT "CHK_idempotency_keys_state" CHECK (state IN ('running','done')),
      status_code integer NULL,
      response json NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT "PK_idempotency_keys" PRIMARY KEY (scope, key))`);
    await q.query(`CREATE INDEX "IDX_idempotency_keys_expires" ON core.idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.idempotency_keys`);
    await q.query(`DROP TABLE core.refresh_tokens`);
    await q.query(`DROP TABLE core.auth_sessions`);
    await q.query(`ALTER TABLE core.users DROP COLUMN password_changed_at`);
    await q.query(`ALTER TABLE core.users DROP COLUMN token_version`);
  }
}
