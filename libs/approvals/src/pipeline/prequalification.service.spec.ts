import type { EntityManager } from 'typeorm';
import type { AuditService, EventBus, QueuePort } from '@app/core';
import type { EnterprisesService } from '@app/enterprises';
import type { ItemVersionRepository, ItemVersionView } from '@app/policies';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import type { ApplicationRepository } from '../application/application.repository';
import type { ApplicationState } from '../application/application.states';
import type { FundPoolRepository } from '../pool/fund-pool.repository';
import { PrequalificationService } from './prequalification.service';
import type { ScreeningRepository } from './screening.repository';
import type { ScreeningService } from './screening.service';

type Open = { id: string; state: 'pre_qualified' | 'draft' | 'returned' };

function setup(opts: { closed?: string[]; open?: Open[]; reason?: string | null } = {}) {
  const transitions: Array<{ ids: string[]; from: ApplicationState; to: ApplicationState }> = [];
  const asked: unknown[] = [];
  const applications = {
    transaction: <T>(work: (m: EntityManager) => Promise<T>) => work({} as EntityManager),
    unsubmittedOfVersions: async (_m: unknown, ids: string[]) => { asked.push(ids); return (opts.open ?? []).filter((o) => o.state !== 'pre_qualified'); },
    openOfVersion: async (_m: unknown, id: string) => { asked.push(id); return opts.open ?? []; },
    transitionMany: async (_m: unknown, ids: string[], from: ApplicationState, to: ApplicationState) => {
      if (ids.length) transitions.push({ ids, from, to });
      return ids.map((id) => ({ id }));
    },
  } as unknown as ApplicationRepository;
  const versions = { find: async () => (opts.closed ?? []).map((id) => ({ id }) as ItemVersionView) } as unknown as ItemVersionRepository;
  const screenings = { reasonOf: async () => opts.reason ?? null } as unknown as ScreeningRepository;
  const service = new PrequalificationService(screenings, versions, {} as EnterprisesService, applications, {} as ScreeningService, {} as FundPoolRepository,
    {} as AuditService, {} as EventBus, {} as QueuePort, DEFAULT_APPROVAL_OPTIONS);
  return { service, transitions, asked };
}

describe('PrequalificationService.screeningOf', () => {
  it('tells why a matching firm has no application, in Chinese, or nothing', async () => {
    expect(await setup({ reason: 'barred' }).service.screeningOf('v1', 'e1')).toEqual({ reason: 'barred', label: '因资金追回处于限制申报期' });
    expect(await setup().service.screeningOf('v1', 'e1')).toBeNull();
  });
});

describe('PrequalificationService.expireOverdue', () => {
  it('expires the drafts and returned applications of items whose window closed, each from its own state', async () => {
    const { service, transitions, asked } = setup({ closed: ['v1', 'v2'], open: [{ id: 'a1', state: 'draft' }, { id: 'a2', state: 'returned' }, { id: 'a3', state: 'draft' }] });
    expect(await service.expireOverdue('2027-03-16')).toBe(3);
    expect(asked).toEqual([['v1', 'v2']]);
    expect(transitions).toEqual([{ ids: ['a1', 'a3'], from: 'draft', to: 'expired' }, { ids: ['a2'], from: 'returned', to: 'expired' }]);
  });

  it('reads no applications when no window closed', async () => {
    const { service, asked } = setup({ closed: [] });
    expect(await service.expireOverdue('2027-03-16')).toBe(0);
    expect(asked).toEqual([]);
  });
});

describe('PrequalificationService.lapseVersion', () => {
  it('expires a withdrawn version\'s pre-qualifications, drafts and returned applications', async () => {
    const { service, transitions } = setup({ open: [{ id: 'p1', state: 'pre_qualified' }, { id: 'd1', state: 'draft' }] });
    expect(await service.lapseVersion({} as EntityManager, 'v1')).toBe(2);
    expect(transitions).toEqual([{ ids: ['p1'], from: 'pre_qualified', to: 'expired' }, { ids: ['d1'], from: 'draft', to: 'expired' }]);
  });
});
