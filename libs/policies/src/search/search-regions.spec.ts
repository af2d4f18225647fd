import { applicableDistricts } from './search-regions';

describe('applicableDistricts (the search’s 适用区域 filter)', () => {
  it('is open to every district when the rule names none', () => {
    expect(applicableDistricts({ all: [{ fact: 'revenue', operator: 'greaterThan', value: 1 }] })).toBeNull();
  });

  it('reads equal, in and inRegion (a city code covers its districts and zones) on the all-chain', () => {
    expect(applicableDistricts({ all: [{ fact: 'districtCode', operator: 'inRegion', value: '410172' }] })).toEqual(['410172']);
    expect(applicableDistricts({ fact: 'districtCode', operator: 'equal', value: '410105' })).toEqual(['410105']);
    expect(applicableDistricts({ all: [{ all: [{ fact: 'districtCode', operator: 'in', value: ['410173', '410102'] }] }] })).toEqual(['410102', '410173']);
    expect(applicableDistricts({ fact: 'districtCode', operator: 'inRegion', value: '410100' })).toHaveLength(16);
    expect(applicableDistricts({ fact: 'districtCode', operator: 'notIn', value: ['410105'] })).not.toContain('410105');
  });

  it('leaves out conditions under any/not, so an item is never hidden from a district it may serve', () => {
    expect(applicableDistricts({ any: [{ fact: 'districtCode', operator: 'equal', value: '410105' }, { fact: 'isListed', operator: 'equal', value: true }] })).toBeNull();
    expect(applicableDistricts({ not: { fact: 'districtCode', operator: 'equal', value: '410105' } })).toBeNull();
  });
});
