import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schema `appeal` (诉求): categories with their working-day limits, appeals on one state machine with a
 * timeline, attachments, extensions, letters (交办函 / 提示函 / 督办函), notices (an outbox for the push
 * channels and the in-app inbox), escalations, weekly reminders, feedback, follow-up visits (回访),
 * reception days with registrations, 包联 officers and their visits, and the bridge to policies.
 */
export class AppealInit1732000013001 implements MigrationInterface {
  name = 'AppealInit1732000013001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS appeal`);
    await q.query(`CREATE TABLE appeal.categories (
      code text CONSTRAINT "PK_appeal_categories" PRIMARY KEY,
      name text NOT NULL,
      lead_department text NULL,
      dispatch_days int NOT NULL CONSTRAINT "CHK_categories_dispatch" CHECK (dispatch_days BETWEEN 1 AND 60),
      accept_days int NOT NULL CONSTRAINT "CHK_categories_accept" CHECK (accept_days BETWEEN 1 AND 60),
      progress_days int NOT NULL CONSTRAINT "CHK_categories_progress" CHECK (progress_days BETWEEN 1 AND 120),
      answer_days int NOT NULL CONSTRAINT "CHK_categories_answer" CHECK (answer_days BETWEEN 1 AND 250),
      second_days int NOT NULL CONSTRAINT "CHK_categories_second" CHECK (second_days BETWEEN 1 AND 120),
      sort int NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // Defaults from the seeds: 交办 within 3 working days (004), a progress report within 7 working days (001),
    // first resolution within two weeks (004); land and legal matters get the 30-day result limit (001) as 22 working days.
    await q.query(`INSERT INTO appeal.categories (code, name, lead_department, dispatch_days, accept_days, progress_days, answer_days, second_days, sort) VALUES
      ('policy', '政策兑现', 'fgw', 3, 3, 7, 10, 10, 1),
      ('finance', '融资信贷', 'jrj', 3, 3, 7, 10, 10, 2),
      ('land', '土地规划', 'zgj', 3, 3, 7, 22, 10, 3),
      ('approval', '审批手续', 'fgw', 3, 3, 7, 10, 10, 4),
      ('labor', '用工招聘', 'rsj', 3, 3, 7, 10, 10, 5),
      ('utilities', '水电气暖要素保障', 'fgw', 3, 3, 7, 10, 10, 6),
      ('technology', '科技创新', 'kjj', 3, 3, 7, 10, 10, 7),
      ('market', '市场开拓', 'swj', 3, 3, 7, 10, 10, 8),
      ('legal', '涉法涉诉', 'sfj', 3, 3, 7, 22, 10, 9),
      ('other', '其他', 'fgw', 3, 3, 7, 10, 10, 10)`);
    await q.query(`CREATE TABLE appeal.reception_days (
      id uuid CONSTRAINT "PK_reception_days" PRIMARY KEY,
      title text NOT NULL,
      theme text NULL,
      kind text NOT NULL CONSTRAINT "CHK_reception_days_kind" CHECK (kind IN ('reception_day','forum','face_to_face')),
      held_on date NOT NULL,
      location text NOT NULL,
      host text NOT NULL,
      district_code text NULL,
      capacity int NOT NULL CONSTRAINT "CHK_reception_days_capacity" CHECK (capacity BETWEEN 1 AND 10000),
      registration_deadline date NOT NULL,
      notice text NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_reception_days_status" CHECK (status IN ('scheduled','held','cancelled')),
      registered int NOT NULL DEFAULT 0,
      minutes_summary text NULL,
      minutes_at timestamptz NULL,
      created_by uuid NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT "CHK_reception_days_capacity_left" CHECK (registered <= capacity))`);
    await q.query(`CREATE INDEX "IDX_reception_days_held_on" ON appeal.reception_days (held_on)`);
    await q.query(`CREATE TABLE appeal.registrations (
      id uuid CONSTRAINT "PK_registrations" PRIMARY KEY,
      reception_day_id uuid NOT NULL CONSTRAINT "FK_registrations_day" REFERENCES appeal.reception_days(id),
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      topics text NOT NULL,
      contact_name text NULL,
      source text NOT NULL CONSTRAINT "CHK_registrations_source" CHECK (source IN ('self','invited')),
      attended boolean NULL,
      registered_by uuid NULL,
      registered_at timestamptz NOT NULL,
      CONSTRAINT "UQ_registrations_day_enterprise" UNIQUE (reception_day_id, enterprise_id))`);
    await q.query(`CREATE TABLE appeal.appeals (
      id uuid CONSTRAINT "PK_appeals" PRIMARY KEY,
      number text NOT NULL CONSTRAINT "UQ_appeals_number" UNIQUE,
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      district_code text NULL,
      category text NOT NULL CONSTRAINT "FK_appeals_category" REFERENCES appeal.categories(code),
      channel text NOT NULL CONSTRAINT "CHK_appeals_channel" CHECK (channel IN ('online','reception_day','forum','face_to_face','hotline','visit','letter')),
      title text NOT NULL,
      description text NOT NULL,
      terms text[] NOT NULL DEFAULT '{}',
      contact_name text NULL,
      contact_phone_enc text NULL,
      contact_phone_masked text NULL,
      related_item_id uuid NULL,
      reception_day_id uuid NULL CONSTRAINT "FK_appeals_reception_day" REFERENCES appeal.reception_days(id),
      recorded_by uuid NULL,
      recorded_role text NULL,
      state text NOT NULL CONSTRAINT "CHK_appeals_state" CHECK (state IN
        ('submitted','assigned','in_progress','answered','second_supervision','closed','merged','withdrawn')),
      version int NOT NULL DEFAULT 1,
      state_since timestamptz NOT NULL,
      level text NOT NULL CONSTRAINT "CHK_appeals_level" CHECK (level IN ('officer','department','district','city','leading_group')),
      officer_id uuid NULL,
      lead_department text NULL,
      co_departments text[] NOT NULL DEFAULT '{}',
      first_department text NULL,
      merged_into uuid NULL CONSTRAINT "FK_appeals_merged_into" REFERENCES appeal.appeals(id),
      received_at timestamptz NOT NULL,
      assigned_at timestamptz NULL,
      first_assigned_at timestamptz NULL,
      assigned_month text NULL,
      accepted_at timestamptz NULL,
      first_accepted_at timestamptz NULL,
      accepted_on_time boolean NULL,
      last_progress_at timestamptz NULL,
      answered_at timestamptz NULL,
      first_answered_at timestamptz NULL,
      answered_on_time boolean NULL,
      handling_working_days int NULL,
      answer_kind text NULL CONSTRAINT "CHK_appeals_answer_kind" CHECK (answer_kind IN ('resolved','explained','transferred','on_spot')),
      answer_text text NULL,
      answer_round int NOT NULL DEFAULT 0,
      rating text NULL CONSTRAINT "CHK_appeals_rating" CHECK (rating IN ('satisfied','basically_satisfied','unsatisfied')),
      rated_at timestamptz NULL,
      second_supervision_count int NOT NULL DEFAULT 0,
      reopened_count int NOT NULL DEFAULT 0,
      closed_at timestamptz NULL,
      close_reason text NULL,
      dispatch_due date NULL,
      accept_due date NULL,
      progress_due date NULL,
      answer_due date NULL,
      second_due date NULL,
      extension_days int NOT NULL DEFAULT 0,
      due_kind text NULL,
      due_on date NULL,
      policy_item_id uuid NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT "CHK_appeals_merged" CHECK ((state = 'merged') = (merged_into IS NOT NULL)),
      CONSTRAINT "CHK_appeals_lead" CHECK (state NOT IN ('assigned','in_progress') OR lead_department IS NOT NULL),
      CONSTRAINT "CHK_appeals_due_open" CHECK (due_on IS NULL OR state IN ('submitted','assigned','in_progress','second_supervision')))`);
    await q.query(`CREATE INDEX "IDX_appeals_enterprise" ON appeal.appeals (enterprise_id, received_at DESC)`);
    await q.query(`CREATE INDEX "IDX_appeals_lead" ON appeal.appeals (lead_department, state)`);
    await q.query(`CREATE INDEX "IDX_appeals_co_departments" ON appeal.appeals USING gin (co_departments)`);
    await q.query(`CREATE INDEX "IDX_appeals_terms" ON appeal.appeals USING gin (terms)`);
    await q.query(`CREATE INDEX "IDX_appeals_category_received" ON appeal.appeals (category, received_at DESC)`);
    await q.query(`CREATE INDEX "IDX_appeals_state_received" ON appeal.appeals (state, received_at DESC)`);
    // The overdue list: only open appeals have a current deadline (CHK_appeals_due_open), and the scope columns ride
    // along, so counting and paging the overdue ones of any scope reads this index alone.
    await q.query(`CREATE INDEX "IDX_appeals_open_due" ON appeal.appeals (due_on, id)
      INCLUDE (lead_department, co_departments, first_department, district_code, level, officer_id, recorded_by, enterprise_id) WHERE due_on IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_appeals_assigned_month" ON appeal.appeals (assigned_month) WHERE assigned_month IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_appeals_officer" ON appeal.appeals (officer_id) WHERE officer_id IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_appeals_reception_day" ON appeal.appeals (reception_day_id) WHERE reception_day_id IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_appeals_policy_item" ON appeal.appeals (policy_item_id) WHERE policy_item_id IS NOT NULL`);
    await q.query(`CREATE TABLE appeal.timeline (
      appeal_id uuid NOT NULL CONSTRAINT "FK_timeline_appeal" REFERENCES appeal.appeals(id),
      step int NOT NULL,
      at timestamptz NOT NULL,
      command text NOT NULL,
      from_state text NULL,
      to_state text NOT NULL,
      actor_id uuid NULL,
      actor_name text NULL,
      actor_role text NOT NULL,
      department_code text NULL,
      outcome text NULL,
      comment text NULL,
      details jsonb NULL,
      CONSTRAINT "PK_appeal_timeline" PRIMARY KEY (appeal_id, step))`);
    await q.query(`CREATE TABLE appeal.attachments (
      id uuid CONSTRAINT "PK_appeal_attachments" PRIMARY KEY,
      appeal_id uuid NOT NULL CONSTRAINT "FK_attachments_appeal" REFERENCES appeal.appeals(id),
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes int NOT NULL,
      sha256 text NOT NULL,
      storage_key text NOT NULL,
      uploaded_by uuid NULL,
      uploaded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_attachments_appeal" ON appeal.attachments (appeal_id)`);
    await q.query(`CREATE TABLE appeal.extensions (
      id uuid CONSTRAINT "PK_appeal_extensions" PRIMARY KEY,
      appeal_id uuid NOT NULL CONSTRAINT "FK_extensions_appeal" REFERENCES appeal.appeals(id),
      department_code text NOT NULL,
      working_days int NOT NULL CONSTRAINT "CHK_extensions_days" CHECK (working_days BETWEEN 1 AND 60),
      reason text NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_extensions_status" CHECK (status IN ('pending','approved','rejected')),
      requested_by uuid NOT NULL,
      requested_at timestamptz NOT NULL,
      decided_by uuid NULL,
      decision_comment text NULL,
      decided_at timestamptz NULL)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_extensions_one_pending" ON appeal.extensions (appeal_id) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE appeal.counters (key text CONSTRAINT "PK_appeal_counters" PRIMARY KEY, value int NOT NULL)`);
    await q.query(`CREATE TABLE appeal.letters (
      id uuid CONSTRAINT "PK_appeal_letters" PRIMARY KEY,
      appeal_id uuid NOT NULL CONSTRAINT "FK_letters_appeal" REFERENCES appeal.appeals(id),
      kind text NOT NULL CONSTRAINT "CHK_letters_kind" CHECK (kind IN ('assignment','reminder','supervision')),
      number text NOT NULL CONSTRAINT "UQ_letters_number" UNIQUE,
      department_code text NULL,
      title text NOT NULL,
      reason text NULL,
      html text NOT NULL,
      issued_by uuid NULL,
      issued_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_letters_appeal" ON appeal.letters (appeal_id)`);
    await q.query(`CREATE TABLE appeal.notices (
      id uuid CONSTRAINT "PK_appeal_notices" PRIMARY KEY,
      appeal_id uuid NULL,
      kind text NOT NULL,
      recipient_kind text NOT NULL CONSTRAINT "CHK_notices_recipient" CHECK (recipient_kind IN ('enterprise','department','user')),
      recipient_id text NOT NULL,
      channel text NOT NULL,
      title text NOT NULL,
      text text NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_notices_status" CHECK (status IN ('pending','sending','sent','delivered','failed')),
      attempts int NOT NULL DEFAULT 0,
      next_at timestamptz NULL,
      claimed_at timestamptz NULL,
      sent_at timestamptz NULL,
      read_at timestamptz NULL,
      detail text NULL,
      at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_notices_pending" ON appeal.notices (at) WHERE status IN ('pending','sending')`);
    await q.query(`CREATE INDEX "IDX_notices_inbox" ON appeal.notices (recipient_kind, recipient_id, at DESC) WHERE channel = 'inbox'`);
    await q.query(`CREATE TABLE appeal.escalations (
      appeal_id uuid NOT NULL CONSTRAINT "FK_escalations_appeal" REFERENCES appeal.appeals(id),
      due_kind text NOT NULL,
      due_on date NOT NULL,
      step int NOT NULL,
      from_level text NOT NULL,
      to_level text NOT NULL,
      at timestamptz NOT NULL,
      CONSTRAINT "PK_appeal_escalations" PRIMARY KEY (appeal_id, due_kind, due_on, step))`);
    await q.query(`CREATE TABLE appeal.weekly_reminders (
      appeal_id uuid NOT NULL CONSTRAINT "FK_weekly_reminders_appeal" REFERENCES appeal.appeals(id),
      week text NOT NULL,
      at timestamptz NOT NULL,
      CONSTRAINT "PK_weekly_reminders" PRIMARY KEY (appeal_id, week))`);
    await q.query(`CREATE TABLE appeal.feedback (
      appeal_id uuid NOT NULL CONSTRAINT "FK_feedback_appeal" REFERENCES appeal.appeals(id),
      round int NOT NULL,
      rating text NOT NULL CONSTRAINT "CHK_feedback_rating" CHECK (rating IN ('satisfied','basically_satisfied','unsatisfied')),
      comment text NULL,
      given_by uuid NULL,
      given_role text NOT NULL,
      on_behalf boolean NOT NULL,
      at timestamptz NOT NULL,
      CONSTRAINT "PK_appeal_feedback" PRIMARY KEY (appeal_id, round))`);
    await q.query(`CREATE TABLE appeal.follow_ups (
      id uuid CONSTRAINT "PK_follow_ups" PRIMARY KEY,
      appeal_id uuid NOT NULL CONSTRAINT "FK_follow_ups_appeal" REFERENCES appeal.appeals(id),
      close_round int NOT NULL,
      due_on date NOT NULL,
      status text NOT NULL CONSTRAINT "CHK_follow_ups_status" CHECK (status IN ('pending','done')),
      finding text NULL CONSTRAINT "CHK_follow_ups_finding" CHECK (finding IN ('confirmed','reopen')),
      note text NULL,
      done_by uuid NULL,
      done_at timestamptz NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT "UQ_follow_ups_round" UNIQUE (appeal_id, close_round))`);
    await q.query(`CREATE INDEX "IDX_follow_ups_pending" ON appeal.follow_ups (due_on) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE appeal.officer_firms (
      enterprise_id uuid CONSTRAINT "PK_officer_firms" PRIMARY KEY,
      officer_id uuid NOT NULL,
      assigned_by uuid NULL,
      assigned_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_officer_firms_officer" ON appeal.officer_firms (officer_id)`);
    await q.query(`CREATE TABLE appeal.visits (
      id uuid CONSTRAINT "PK_visits" PRIMARY KEY,
      officer_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      enterprise_name text NOT NULL,
      visited_on date NOT NULL,
      summary text NOT NULL,
      appeal_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "IDX_visits_officer" ON appeal.visits (officer_id, visited_on DESC)`);
    await q.query(`CREATE TABLE appeal.policy_links (
      appeal_id uuid NOT NULL CONSTRAINT "FK_policy_links_appeal" REFERENCES appeal.appeals(id),
      item_id uuid NOT NULL,
      linked_by uuid NULL,
      linked_at timestamptz NOT NULL,
      notified_at timestamptz NULL,
      CONSTRAINT "PK_policy_links" PRIMARY KEY (appeal_id, item_id))`);
    await q.query(`CREATE INDEX "IDX_policy_links_item" ON appeal.policy_links (item_id)`);
    await q.query(`CREATE TABLE appeal.policy_flags (
      id uuid CONSTRAINT "PK_policy_flags" PRIMARY KEY,
      period_from date NOT NULL,
      period_to date NOT NULL,
      category text NOT NULL,
      terms text[] NOT NULL,
      firm_count int NOT NULL,
      appeal_ids uuid[] NOT NULL,
      department_code text NOT NULL,
      item_ids uuid[] NOT NULL DEFAULT '{}',
      status text NOT NULL CONSTRAINT "CHK_policy_flags_status" CHECK (status IN ('open','acknowledged')),
      created_by uuid NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT "UQ_policy_flags_theme" UNIQUE (period_from, period_to, category, terms, department_code))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA appeal CASCADE`);
  }
}
