import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuditService, EventBus, OutboxRelay, Principal } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesService, generateEnterprises } from '@app/enterprises';
import {
  ItemMatcher,
  ItemVersionRepository,
  MatchingService,
  POLICY_MIGRATIONS,
  PoliciesModule,
  PoliciesService,
  PushService,
  todayInChina,
} from '@app/policies';
import type { EnterpriseProfile, RuleCondition } from '@app/rules';
import { settle } from '../support/settle';
import { startPrivatePostgres, PrivatePostgres } from '../support/private-postgres';
import { describeWhen, needs } from '../support/requires';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * PostgreSQL goes away while a bulk publication is matched over many firms — a crash (`pg_ctl stop
 * -m immediate`) with the database away for a while during one range job, a fast restart during a
 * later one. Nobody intervenes: the matching resumes by itself, and in the end every (firm, item
 * version) has exactly the match row the matcher computes (no pair missing, none twice), each
 * eligible pair was pushed once, each firm gets one message per channel naming its new items, and
 * the audit chain verifies. The database is a private server of this suite.
 */
const FIRMS = 20_000; // four range jobs of 5,000 firms
const ITEMS = 24;
const WAN = 1_000_000;
/**
 * Longer than a job's whole retry budget (8 attempts, about 25 s of back-off): the jobs in flight
 * must wait the outage out, not be dropped (which left the publication half matched for good).
 */
const OUTAGE_MS = 30_000;
const TAGS = ['hitech', 'specialized', 'tech_sme', 'above_scale', 'digital', 'green'];

/** Varied rules with thresholds (so near misses exist) over tags, revenue, employees, R&D and scale. */
function itemRule(i: number): RuleCondition {
  const all: RuleCondition[] = [{ fact: 'creditStatus', operator: 'notEqual', value: 'dishonest' }];
  all.push({ fact: 'tags', operator: 'hasAnyTag', value: [TAGS[i % TAGS.length], TAGS[(i + 2) % TAGS.length]] });
  all.push({ fact: 'revenue', operator: 'greaterThanInclusive', value: [100, 500, 1000, 2000][i % 4] * WAN });
  if (i % 3 === 0) all.push({ fact: 'employees', operator: 'greaterThanInclusive', value: [10, 20, 50][i % 3 === 0 ? (i / 3) % 3 : 0] });
  if (i % 2 === 1) all.push({ fact: 'rdExpense', operator: 'greaterThanInclusive', value: [10, 50, 100][i % 3] * WAN });
  if (i % 5 === 4) all.push({ fact: 'scale', operator: 'in', value: ['small', 'micro', 'medium'] });
  return { all };
}

interface GatewayMessage {
  id: string;
  enterpriseId: string;
  items: number;
}

/** A stand-in SMS / app-message gateway: records every message it is handed, by channel. */
async function startGateway(): Promise<{ url: string; received: Map<string, GatewayMessage[]>; close(): Promise<void> }> {
  const received = new Map<string, GatewayMessage[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channel: string; messages: GatewayMessage[] };
      received.set(body.channel, [...(received.get(body.channel) ?? []), ...body.messages]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describeWhen(
  needs.postgresServer,
  'PostgreSQL restarted during matching: the publication is matched completely, every pair once, pushed once',
  () => {
    let pg: PrivatePostgres;
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    let t: TestApp;

    beforeAll(async () => {
      pg = await startPrivatePostgres();
      gateway = await startGateway();
      t = await createTestApp({
        imports: [PoliciesModule],
        migrations: [...ENTERPRISE_MIGRATIONS, ...POLICY_MIGRATIONS],
        // the production quiet period: the burst of publications is planned together
        env: {
          REDIS_URL: '',
          MATCH_PLAN_QUIET_MS: '500',
          SMS_GATEWAY_URL: `${gateway.url}/sms`,
          APP_MESSAGE_GATEWAY_URL: `${gateway.url}/app`,
        },
        database: await pg.testDatabase('match_restart'),
      });
      const enterprises = t.app.get(EnterprisesService);
      let batch = [];
      for (const e of generateEnterprises({ count: FIRMS, seed: 16 })) {
        batch.push(e);
        if (batch.length === 5000) {
          await enterprises.upsertBatch(batch, null, 'test', { emitEvents: false, audit: false });
          batch = [];
        }
      }
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await gateway?.close();
      await pg?.destroy();
    });

    it(`matches ${ITEMS} items published together over ${FIRMS} firms through a crash and a restart of the database`, async () => {
      // Published together while the relay is stopped: one plan, four range jobs each evaluating every item.
      const editor: Principal = {
        id: 'chaos-editor',
        username: 'chaos-editor',
        displayName: '编辑',
        role: 'admin',
        departmentCode: null,
        enterpriseId: null,
      };
      const reviewer: Principal = { ...editor, id: 'chaos-reviewer', username: 'chaos-reviewer' };
      const policies = t.app.get(PoliciesService);
      const policy = await policies.createPolicy(editor, {
        code: 'CHAOS-MATCH',
        title: '重启演练政策',
        docNumber: null,
        ownerDepartment: 'kjj',
        level: 'municipal',
        category: 'subsidy',
        tags: [],
        sourceUrl: null,
        fullText: '',
        publishDate: null,
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        isDemo: true,
        items: Array.from({ length: ITEMS }, (_, i) => ({
          code: `CHAOS-${i}`,
          name: `演练事项${i}`,
          rule: itemRule(i),
          formula: { kind: 'rate' as const, fact: 'rdExpense', rate: '0.1', max: 50 * WAN },
          mode: 'application' as const,
          applyFrom: null,
          applyTo: '2099-12-31',
          materials: [],
          exclusionGroup: null,
          clause: null,
          fundPoolFen: 1_000_000 * WAN,
          contact: null,
          effectiveFrom: '2026-01-01',
          effectiveTo: '2099-12-31',
        })),
      });
      for (const it of policy.items) {
        await policies.submit(editor, it.id);
        await policies.review(reviewer, it.id, 'approve', null);
      }

      const matchRows = () =>
        t.dataSource
          .query(`SELECT count(*)::int AS n FROM policy.matches`)
          .then((r: Array<{ n: number }>) => r[0].n)
          .catch(() => -1);

      t.app.get(EventBus).consume(2);
      t.app.get(MatchingService).startWorkers(1);
      t.app.get(OutboxRelay).start(100);

      // 1. crash once the first range job has committed (the next one is being evaluated or written), and stay down
      const beforeCrash = await waitFor(matchRows, (n) => n > 0, 60_000, 5);
      await pg.restart({ mode: 'immediate', downMs: OUTAGE_MS });
      const afterCrash = await matchRows();
      // 2. a fast restart once more has been written
      const beforeRestart = await waitFor(matchRows, (n) => n > afterCrash, 60_000, 5);
      await pg.restart({ mode: 'fast' });

      // 3. nobody steps in: the work completes
      await waitFor(
        () =>
          t.dataSource
            .query(`SELECT count(*) FILTER (WHERE planned_at IS NULL)::int AS n FROM policy.match_requests`)
            .then((r: Array<{ n: number }>) => r[0].n)
            .catch(() => -1),
        (n) => n === 0,
        60_000,
        50,
      );
      await settle(t.app);

      // What the matcher says, computed here over every firm: the match rows must be exactly this.
      const versions = (await t.app.get(ItemVersionRepository).inEffect(todayInChina(), new Date())).filter(
        (v) => v.policyId === policy.id,
      );
      expect(versions).toHaveLength(ITEMS);
      const firms = await t.app.get(EnterprisesService).factsBatch({ fromSeq: 0, toSeq: Number.MAX_SAFE_INTEGER });
      expect(firms).toHaveLength(FIRMS);
      const expected = new Map<string, string>();
      const eligiblePerFirm = new Map<string, number>();
      for (const v of versions) {
        const matcher = new ItemMatcher(v, todayInChina());
        for (const f of firms) {
          const o = matcher.evaluate(f.facts as unknown as EnterpriseProfile);
          if (!o) continue;
          expected.set(`${f.id}|${v.id}`, `${o.outcome}|${o.estimateFen}`);
          if (o.outcome === 'eligible') eligiblePerFirm.set(f.id, (eligiblePerFirm.get(f.id) ?? 0) + 1);
        }
      }
      const rows: Array<{ e: string; v: string; outcome: string; est: string; pushed: boolean; retired: boolean }> =
        await t.dataSource.query(
          `SELECT enterprise_id AS e, item_version_id AS v, outcome, estimate_fen AS est, pushed_at IS NOT NULL AS pushed, retired_at IS NOT NULL AS retired FROM policy.matches`,
        );
      const actual = new Map(rows.map((r) => [`${r.e}|${r.v}`, `${r.outcome}|${Number(r.est)}`]));
      expect(rows.length).toBe(expected.size);
      expect(actual).toEqual(expected);
      expect(rows.filter((r) => r.retired)).toHaveLength(0);
      // pushed exactly when eligible (the in-app inbox entry)
      expect(rows.filter((r) => r.pushed !== (r.outcome === 'eligible'))).toHaveLength(0);

      // every eligible pair announced once: per firm and channel the deliveries count each new item once
      const deliveries: Array<{ enterprise_id: string; channel: string; items: number }> = await t.dataSource.query(
        `SELECT enterprise_id, channel, sum(items)::int AS items FROM policy.push_deliveries GROUP BY enterprise_id, channel`,
      );
      for (const channel of ['sms', 'app_message']) {
        const mine = deliveries.filter((d) => d.channel === channel);
        expect(new Map(mine.map((d) => [d.enterprise_id, d.items]))).toEqual(eligiblePerFirm);
      }
      // and through the gateways: the same, each message once
      await t.app.get(PushService).sendPending();
      for (const channel of ['sms', 'app_message']) {
        const got = gateway.received.get(channel) ?? [];
        expect(new Set(got.map((m) => m.id)).size).toBe(got.length);
        const items = new Map<string, number>();
        for (const m of got) items.set(m.enterpriseId, (items.get(m.enterpriseId) ?? 0) + m.items);
        expect(items).toEqual(eligiblePerFirm);
      }

      expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true });
      const [{ ranges }] = await t.dataSource.query(
        `SELECT sum(plan_jobs)::int AS ranges FROM (SELECT DISTINCT plan_jobs, planned_at FROM policy.match_requests) p`,
      );
      console.log(
        `[matching-postgres-restart] ${ITEMS} items × ${FIRMS} firms in ${ranges} range job(s): crash at ${beforeCrash} rows, restart at ${beforeRestart}; ` +
          `${rows.length} match rows as computed, ${eligiblePerFirm.size} firms announced once per channel`,
      );
    }, 240_000);
  },
);
