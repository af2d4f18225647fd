import { describe, expect, it } from 'vitest';
import { addMonths, appealActions, formatRate, formatTime, importRowErrors, ledgerFilterFromParams, monthOf, ratingNeedsComment, withLedgerFilter } from './appeals';

const appeal = (state: string, lead: string | null = 'zgj', co: string[] = []) => ({
  state,
  leadDepartment: lead ? { code: lead } : null,
  coDepartments: co.map((code) => ({ code })),
});

describe('appeal actions by role and state', () => {
  it('lets the firm rate an answer and withdraw only while the appeal is open', () => {
    expect(appealActions(appeal('answered'), { role: 'enterprise' })).toEqual(['rate']);
    expect(appealActions(appeal('in_progress'), { role: 'enterprise' })).toEqual(['withdraw']);
    expect(appealActions(appeal('closed'), { role: 'enterprise' })).toEqual([]);
    expect(appealActions(appeal('second_supervision'), { role: 'enterprise' })).toEqual([]);
  });

  it('offers the supervisor pre-study on a new appeal and override close after an answer', () => {
    expect(appealActions(appeal('submitted', null), { role: 'supervisor' })).toEqual(['answerOnSpot', 'assign', 'merge']);
    expect(appealActions(appeal('answered'), { role: 'supervisor' })).toEqual(['overrideClose']);
    expect(appealActions(appeal('second_supervision'), { role: 'supervisor' })).toEqual(['assign', 'decideExtension', 'overrideClose', 'letter']);
    expect(appealActions(appeal('closed'), { role: 'supervisor' })).toEqual([]);
  });

  it('lets an officer answer on the spot or forward an appeal still at the officer level', () => {
    expect(appealActions({ ...appeal('submitted', null), level: 'officer' }, { role: 'officer' })).toEqual(['answerOnSpot', 'forward']);
    expect(appealActions({ ...appeal('submitted', null), level: 'department' }, { role: 'officer' })).toEqual(['answerOnSpot']);
    expect(appealActions({ ...appeal('assigned'), level: 'officer' }, { role: 'officer' })).toEqual([]);
  });

  it('gives the lead unit sign-off and answer, a co-unit only its opinion, other units nothing', () => {
    const lead = { role: 'dept_reviewer', departmentCode: 'zgj' };
    expect(appealActions(appeal('assigned', 'zgj', ['fgw']), lead)).toEqual(['accept', 'sendBack', 'redispatch']);
    expect(appealActions(appeal('assigned', 'zgj'), lead)).toEqual(['accept', 'sendBack']);
    expect(appealActions(appeal('in_progress', 'zgj'), lead)).toEqual(['answer', 'progress', 'requestExtension']);
    expect(appealActions(appeal('second_supervision', 'zgj'), lead)).toEqual(['answer', 'progress', 'requestExtension']);
    expect(appealActions(appeal('in_progress', 'zgj', ['fgw']), { role: 'dept_editor', departmentCode: 'fgw' })).toEqual(['progress']);
    expect(appealActions(appeal('assigned', 'zgj', ['fgw']), { role: 'dept_editor', departmentCode: 'fgw' })).toEqual([]);
    expect(appealActions(appeal('in_progress', 'zgj'), { role: 'dept_editor', departmentCode: 'jrj' })).toEqual([]);
    expect(appealActions(appeal('in_progress', 'zgj'), { role: 'leader' })).toEqual([]);
  });

  it('asks for a comment only when the firm is not satisfied', () => {
    expect(ratingNeedsComment('unsatisfied')).toBe(true);
    expect(ratingNeedsComment('basically_satisfied')).toBe(false);
    expect(ratingNeedsComment(undefined)).toBe(false);
  });
});

describe('ledger filters in the URL', () => {
  it('keeps valid filters and drops what the API would refuse', () => {
    const f = ledgerFilterFromParams(new URLSearchParams('state=closed&category=land&department=zgj&overdue=true&q=%20土地%20&page=3'));
    expect(f).toEqual({ state: 'closed', category: 'land', department: 'zgj', overdue: true, q: '土地' });
    expect(ledgerFilterFromParams(new URLSearchParams('state=bogus&category=a;drop&overdue=maybe'))).toEqual({});
    expect(ledgerFilterFromParams(new URLSearchParams('overdue=false')).overdue).toBe(false);
  });

  it('goes back to page 1 when a filter changes, and clears an emptied filter', () => {
    const p = withLedgerFilter(new URLSearchParams('page=4&pageSize=50&state=closed'), 'state', 'answered');
    expect(p.get('state')).toBe('answered');
    expect(p.get('page')).toBeNull();
    expect(p.get('pageSize')).toBe('50');
    expect(withLedgerFilter(p, 'state', undefined).has('state')).toBe(false);
  });
});

describe('ranking helpers', () => {
  it('formats rates with one decimal and shows a dash when nothing was counted', () => {
    expect(formatRate(0.85374)).toBe('85.4%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(null)).toBe('—');
  });

  it('counts months across year ends in China time', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 13)).toBe('2027-12');
    expect(monthOf(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(formatTime('2026-11-30T17:05:00Z')).toBe('2026-12-01 01:05');
    expect(formatTime(null)).toBe('—');
  });
});

describe('register import errors', () => {
  it('lists row errors by row and ignores anything malformed', () => {
    const details = { errors: [{ row: 5, field: 'category', message: '未知的诉求类别：x' }, { row: 2, field: 'creditCode', message: '缺少统一社会信用代码' }, { row: 3, field: 'other', message: '?' }, 'x', { row: 'a' }] };
    expect(importRowErrors(details)).toEqual([
      { row: 2, field: '统一社会信用代码', message: '缺少统一社会信用代码' },
      { row: 3, field: 'other', message: '?' },
      { row: 5, field: '类别', message: '未知的诉求类别：x' },
    ]);
    expect(importRowErrors(undefined)).toEqual([]);
  });
});
