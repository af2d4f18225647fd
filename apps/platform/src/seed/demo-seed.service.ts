import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig, NewUser, Role, toPrincipal, UsersService } from '@app/core';
import { PoliciesService, PolicyPortService, todayInChina } from '@app/policies';
import {
  DataSourceSyncService, DEMO_DEPARTMENTS, DEMO_TAGS, EnterprisesService, loadDemoEnterprises, seedDemoDataSources, SimulatedSources, TagsService,
} from '@app/enterprises';
import { APPEAL_DEMO_DEPARTMENTS, APPEAL_DEMO_USERS, DemoAppealsSeed } from './demo-appeals.seed';
import { DemoJourneysSeed, JourneyUser } from './demo-journeys.seed';

export const DEMO_PASSWORD = 'demo12345';

export interface SeedSummary {
  enterprises: number;
  password: string;
  users: Array<{ username: string; role: Role; displayName: string }>;
  /** The walked-through demo firms (firm3, …) and what each shows. */
  journeys: JourneyUser[];
}

/**
 * Demo data: departments, the tag library, N generated enterprises (deterministic for a seed), a
 * user of every role, the policies, the appeals demo (a reception day and appeals in every state) and
 * demo firms walked through every application and payout state (DemoJourneysSeed). Idempotent: existing users are kept; enterprises upsert by credit code.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');
  private seeded: SeedSummary['users'] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly enterprises: EnterprisesService,
    private readonly tags: TagsService,
    private readonly policies: PoliciesService,
    private readonly policyPort: PolicyPortService,
    private readonly appeals: DemoAppealsSeed,
    private readonly journeys: DemoJourneysSeed,
    private readonly simulatedSources: SimulatedSources,
    private readonly dataSourceSync: DataSourceSyncService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(count: number, seed = 20261127, onProgress?: (done: number) => void): Promise<SeedSummary> {
    for (const d of [...DEMO_DEPARTMENTS, ...APPEAL_DEMO_DEPARTMENTS]) await this.users.ensureDepartment(d.code, d.name);
    await this.tags.ensure(DEMO_TAGS);
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM enterprise.enterprises`);
    if (n < count) {
      this.logger.log(`generating ${count} demo enterprises (seed ${seed}) …`);
      await loadDemoEnterprises(this.enterprises, { count, seed, onProgress });
    }
    // 数据共享: the simulated 人社/税务 sources report the demo firms' figures (provenance, 数据异议 in the demo)
    if (!this.config.dataSources.url) await seedDemoDataSources(this.dataSource, this.simulatedSources, this.dataSourceSync);
    // firm1: a 高新技术企业 with sizeable revenue (many items apply); firm2: an ordinary small firm.
    const firms: Array<{ id: string; name: string }> = await this.dataSource.query(
      `(SELECT id, name FROM enterprise.enterprises WHERE credit_status = 'good' AND tags @> ARRAY['hitech'] AND revenue IS NOT NULL
        ORDER BY revenue DESC, seq LIMIT 1)
       UNION ALL
       (SELECT id, name FROM enterprise.enterprises WHERE credit_status = 'good' AND scale = 'small' ORDER BY seq LIMIT 1)`,
    );
    const people: Array<Omit<NewUser, 'password'>> = [
      { username: 'admin', role: 'admin', displayName: '平台管理员' },
      { username: 'leader', role: 'leader', displayName: '市政府领导' },
      { username: 'auditor', role: 'auditor', displayName: '审计人员' },
      { username: 'finance_maker', role: 'finance_maker', displayName: '市财政局经办', departmentCode: 'czj' },
      { username: 'finance_checker', role: 'finance_checker', displayName: '市财政局复核', departmentCode: 'czj' },
      { username: 'kjj_payer_maker', role: 'dept_payer_maker', displayName: '市科技局支付经办', departmentCode: 'kjj' },
      { username: 'kjj_payer_checker', role: 'dept_payer_checker', displayName: '市科技局支付复核', departmentCode: 'kjj' },
      ...DEMO_DEPARTMENTS.flatMap((d) => [
        { username: `${d.code}_editor`, role: 'dept_editor' as Role, displayName: `${d.name}政策编辑`, departmentCode: d.code },
        { username: `${d.code}_reviewer`, role: 'dept_reviewer' as Role, displayName: `${d.name}审核人`, departmentCode: d.code },
      ]),
      ...firms.map((f, i) => ({ username: `firm${i + 1}`, role: 'enterprise' as Role, displayName: f.name, enterpriseId: f.id })),
      ...APPEAL_DEMO_USERS,
    ];
    const wanted: NewUser[] = people.map((u) => ({ ...u, password: DEMO_PASSWORD }));
    for (const u of wanted) {
      await this.users.create(u).catch((e: { code?: string }) => {
        if (e.code !== 'USER.ALREADY_EXISTS') throw e;
      });
    }
    const published = await this.seedPolicies();
    if (published) this.logger.log(`published ${published} demo policy items`);
    await this.appeals.seed(firms[0]);
    // The demo must still start when a journey cannot be walked (too few matching firms, a changed policy file).
    const journeys = await this.journeys.seed(DEMO_PASSWORD, firms.map((f) => f.id)).catch((e: Error) => {
      this.logger.warn(`application journeys not seeded: ${e.message}`);
      return [] as JourneyUser[];
    });
    this.seeded = [...wanted, ...journeys].map(({ username, role, displayName }) => ({ username, role, displayName }));
    return { enterprises: Math.max(n, count), password: DEMO_PASSWORD, users: this.seeded, journeys };
  }

  /** The demo users of the last seeding in this process (the console's login page lists them). */
  seededUsers(): SeedSummary['users'] {
    return this.seeded;
  }

  /**
   * The demo policy set (config/policies): each policy created by its department's editor and each
   * item approved by that department's reviewer, as the real flow would. Existing codes are skipped.
   */
  async seedPolicies(file = join(process.cwd(), 'config', 'policies', 'demo-policies.yaml')): Promise<number> {
    if (!existsSync(file)) return 0;
    const docs = this.policyPort.parse(readFileSync(file, 'utf8'), 'yaml');
    let published = 0;
    for (const doc of docs) {
      const [exists] = await this.dataSource.query(`SELECT 1 AS x FROM policy.policies WHERE code = $1`, [doc.code]);
      if (exists) continue;
      const editor = await this.users.findByUsername(`${doc.ownerDepartment}_editor`);
      const reviewer = await this.users.findByUsername(`${doc.ownerDepartment}_reviewer`);
      if (!editor || !reviewer) continue;
      const view = await this.policies.createPolicy(toPrincipal(editor), doc);
      for (const item of view.items) {
        await this.policies.submit(toPrincipal(editor), item.id);
        await this.policies.review(toPrincipal(reviewer), item.id, 'approve', '演示数据');
        published++;
      }
    }
    await this.policies.expireDue(todayInChina());
    return published;
  }
}
