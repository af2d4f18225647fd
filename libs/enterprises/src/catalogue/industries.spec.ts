import { industryName, industrySectionOf, INDUSTRIES, INDUSTRY_SECTIONS, isValidIndustryCode } from './industries';

describe('GB/T 4754-2017 industries', () => {
  it('has the 20 sections A–T', () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.letter).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(industryName('C')).toBe('制造业');
    expect(industryName('I')).toBe('信息传输、软件和信息技术服务业');
    expect(industryName('T')).toBe('国际组织');
  });

  it('names catalogued divisions and groups', () => {
    expect(industryName('C39')).toBe('计算机、通信和其他电子设备制造业');
    expect(industryName('C35')).toBe('专用设备制造业');
    expect(industryName('C36')).toBe('汽车制造业');
    expect(industryName('I65')).toBe('软件和信息技术服务业');
    expect(industryName('M73')).toBe('研究和试验发展');
    expect(industryName('F51')).toBe('批发业');
    expect(industryName('E47')).toBe('房屋建筑业');
    expect(industryName('C392')).toBe('通信设备制造');
  });

  it('names an uncatalogued code after its nearest catalogued ancestor', () => {
    expect(industryName('C3921')).toBe('通信设备制造');
    expect(industryName('C3511')).toBe('采矿、冶金、建筑专用设备制造');
    expect(industryName('C4011')).toBe('仪器仪表制造业');
    expect(industryName('C43')).toBe('制造业');
    expect(industryName('S92')).toBe('公共管理、社会保障和社会组织');
  });

  it('accepts a section letter and up to four digits whose division lies in that section', () => {
    for (const code of ['C', 'C3', 'C39', 'C392', 'C3921', 'C1300', 'A01', 'K70', 'T97', 'I6510', 'M7320', 'F5191']) {
      expect([code, isValidIndustryCode(code)]).toEqual([code, true]);
    }
    for (const code of ['', 'c39', 'U', 'Z01', 'C65', 'I39', 'K71', 'C12', 'C39211', '39', 'C-39', 'C39 ', 'I1']) {
      expect([code, isValidIndustryCode(code)]).toEqual([code, false]);
    }
    expect(industryName('C65')).toBeNull();
    expect(industrySectionOf('I6510')).toBe('I');
    expect(industrySectionOf('X1')).toBeNull();
  });

  it('keeps the catalogue itself consistent', () => {
    expect(INDUSTRIES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(INDUSTRIES.map((x) => x.code)).size).toBe(INDUSTRIES.length);
    for (const x of INDUSTRIES) {
      expect([x.code, isValidIndustryCode(x.code)]).toEqual([x.code, true]);
      expect(x.code.length).toBeGreaterThanOrEqual(3);
      expect(x.demoWeight).toBeGreaterThan(0);
    }
    // A group (C392) sits under a catalogued division (C39), so names fall back level by level.
    for (const x of INDUSTRIES.filter((y) => y.code.length === 4)) expect(INDUSTRIES.some((y) => y.code === x.code.slice(0, 3))).toBe(true);
  });
});
