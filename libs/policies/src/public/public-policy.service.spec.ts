import { DomainError, UsersService } from '@app/core';
import type { TagsService } from '@app/enterprises';
import type { ItemVersionView } from '../policy/policy.types';
import type { AppealThemesRegistry } from './appeal-themes.port';
import type { PublicPolicyRepository, PublicPolicyRow } from './public-policy.repository';
import { PublicPolicyService } from './public-policy.service';

const POLICY = '0190a000-0000-7000-8000-000000000001';
const ITEM = '0190a000-0000-7000-8000-000000000101';

/** The public reads in memory: which policies exist, which have published items, which the compendium selects. */
class MemoryPublic {
  policies = new Map<string, PublicPolicyRow>();
  published = new Map<string, ItemVersionView[]>();
  itemPolicy = new Map<string, string>();
  compendiumIds: string[] = [];
  asked: Array<{ department?: string; theme?: string }> = [];
  calls = 0;
  async policy(id: string) {
    this.calls++;
    return this.policies.get(id) ?? null;
  }
  async publishedVersions(id: string) {
    this.calls++;
    return this.published.get(id) ?? [];
  }
  async policyIdOfPublishedItem(id: string) {
    this.calls++;
    return this.itemPolicy.get(id) ?? null;
  }
  async compendiumPolicyIds(q: { department?: string; theme?: string }) {
    this.asked.push(q);
    return this.compendiumIds;
  }
}

function setup() {
  const repo = new MemoryPublic();
  const tags = { labels: async () => new Map(), list: async () => [] } as unknown as TagsService;
  const users = { listDepartments: async () => [{ code: 'kjj', name: '科技局' }, { code: 'gxj', name: '工信局' }] } as unknown as UsersService;
  const themes = { themesOfItems: async () => [] } as unknown as AppealThemesRegistry;
  return { repo, service: new PublicPolicyService(repo as unknown as PublicPolicyRepository, tags, users, themes) };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const row = (): PublicPolicyRow => ({
  id: POLICY, code: 'P-1', title: '研发政策', doc_number: null, owner_department: 'kjj', level: 'municipal', category: 'subsidy', tags: [], source_url: null,
  full_text: '全文', publish_date: null, effective_from: '2027-01-01', effective_to: null, is_demo: false, interpretation: null, faq: null,
});

describe('PublicPolicyService: what does not exist for the public', () => {
  it('answers POLICY.NOT_FOUND for a malformed id without asking the database', async () => {
    const { repo, service } = setup();
    expect(await code(service.policy('not-a-uuid'))).toBe('POLICY.NOT_FOUND');
    expect(repo.calls).toBe(0);
  });

  it('answers POLICY.NOT_FOUND for an unknown policy, and for a policy with no published item', async () => {
    const { repo, service } = setup();
    expect(await code(service.policy(POLICY))).toBe('POLICY.NOT_FOUND');
    repo.policies.set(POLICY, row());
    expect(await code(service.policy(POLICY))).toBe('POLICY.NOT_FOUND');
  });

  it('answers ITEM.NOT_FOUND for an item id that is malformed or has no published version', async () => {
    const { repo, service } = setup();
    expect(await code(service.policyOfItem('x'))).toBe('ITEM.NOT_FOUND');
    expect(repo.calls).toBe(0);
    expect(await code(service.policyOfItem(ITEM))).toBe('ITEM.NOT_FOUND');
  });
});

describe('PublicPolicyService.compendium', () => {
  it('refuses an unknown format, an unknown department and an over-long theme before selecting anything', async () => {
    const { repo, service } = setup();
    expect(await code(service.compendium({ format: 'pdf' }))).toBe('COMPENDIUM.INVALID_FORMAT');
    expect(await code(service.compendium({ department: 'nope' }))).toBe('COMPENDIUM.UNKNOWN_DEPARTMENT');
    expect(await code(service.compendium({ theme: '长'.repeat(51) }))).toBe('COMPENDIUM.INVALID_THEME');
    expect(repo.asked).toEqual([]);
  });

  it('selects by the trimmed department and theme, and names the compendium after them (a category by its label, a tag as written)', async () => {
    const { repo, service } = setup();
    const byCategory = await service.compendium({ department: ' kjj ', theme: 'subsidy' });
    expect(repo.asked[0]).toEqual({ department: 'kjj', theme: 'subsidy' });
    expect(byCategory).toMatchObject({ format: 'html', title: '科技局奖补类惠企政策汇编', scope: '科技局 · 主题：奖补', policies: [] });
    const byTag = await service.compendium({ theme: '研发', format: 'xlsx' });
    expect(repo.asked[1]).toEqual({ department: undefined, theme: '研发' });
    expect(byTag).toMatchObject({ format: 'xlsx', title: '研发类惠企政策汇编', scope: '主题：研发' });
    expect((await service.compendium({ department: '  ', theme: '' })).scope).toBe('全部部门');
  });
});
