import { describe, expect, it } from 'vitest';
import { afterLogin, canOpen, homeFor, menuFor, NAV_PAGES, pagesFor } from './navigation';

describe('role-aware navigation', () => {
  it('lands each role on its own work', () => {
    expect(homeFor('enterprise')).toBe('/ent');
    expect(homeFor('dept_editor')).toBe('/staff/dept/policies');
    expect(homeFor('finance_maker')).toBe('/staff/finance/ready');
    expect(homeFor('dept_reviewer')).toBe('/staff/dept/review');
    expect(homeFor('finance_checker')).toBe('/staff/finance/batches');
    expect(homeFor('leader')).toBe('/staff/leader/dashboard');
    expect(homeFor('auditor')).toBe('/staff/audit/log');
    expect(homeFor('admin')).toBe('/staff/dept/policies');
    expect(homeFor('supervisor')).toBe('/staff/appeals/ledger');
    expect(homeFor('officer')).toBe('/staff/appeals/officer/tasks');
    expect(homeFor('dept_payer_maker')).toBe('/staff/finance/batches');
    expect(homeFor('dept_payer_checker')).toBe('/staff/finance/batches');
  });

  it('lets a department payer reach its ready list, batches and pools, not the finance bureau\'s other pages', () => {
    expect(pagesFor('dept_payer_maker').map((p) => p.path)).toEqual(['/staff/finance/ready', '/staff/finance/batches', '/staff/finance/pools']);
    expect(pagesFor('dept_payer_checker').map((p) => p.path)).toEqual(['/staff/finance/ready', '/staff/finance/batches', '/staff/finance/pools']);
    expect(canOpen('dept_payer_maker', '/staff/finance/ready')).toBe(true);
    expect(canOpen('dept_payer_checker', '/staff/finance/pool-movements')).toBe(false);
    expect(canOpen('finance_maker', '/staff/finance/pool-movements')).toBe(true);
    expect(canOpen('auditor', '/staff/finance/pools')).toBe(true);
  });

  it('shows a finance maker the payout pages only, and a reviewer the review queue', () => {
    expect(menuFor('finance_maker').map((s) => s.section)).toEqual(['兑付中心']);
    expect(pagesFor('dept_reviewer').map((p) => p.title)).toContain('待审核事项');
    expect(pagesFor('dept_editor').map((p) => p.title)).not.toContain('待审核事项');
    expect(menuFor('supervisor').map((s) => s.section)).toEqual(['诉求督办', '诉求消息']);
    expect(menuFor('officer').map((s) => s.section)).toEqual(['包联服务', '诉求消息']);
    expect(pagesFor('dept_reviewer').map((p) => p.title)).toContain('交办诉求');
    expect(pagesFor('leader').map((p) => p.title)).toEqual(expect.arrayContaining(['诉求台账', '考核排名']));
    expect(canOpen('officer', '/staff/appeals/ledger')).toBe(false);
    expect(canOpen('enterprise', '/ent/appeals/new')).toBe(true);
    expect(canOpen('enterprise', '/ent/reception')).toBe(true);
    expect(canOpen('supervisor', '/ent/reception')).toBe(false);
    expect(afterLogin('enterprise', '/ent/reception')).toBe('/ent/reception');
  });

  it('keeps enterprises and staff apart; admin sees every staff page', () => {
    expect(canOpen('enterprise', '/staff/finance/batches')).toBe(false);
    expect(canOpen('finance_checker', '/ent')).toBe(false);
    expect(pagesFor('admin')).toHaveLength(NAV_PAGES.filter((p) => p.group !== 'enterprise').length);
  });

  it('returns after login only to a page of our own that the role may open', () => {
    expect(afterLogin('finance_checker', '/staff/finance/batches?page=2')).toBe('/staff/finance/batches?page=2');
    expect(afterLogin('finance_checker', '/staff/leader/sandbox')).toBe('/staff/finance/batches');
    expect(afterLogin('enterprise', '//evil.example/x')).toBe('/ent');
    expect(afterLogin('enterprise', 'https://evil.example')).toBe('/ent');
  });
});
