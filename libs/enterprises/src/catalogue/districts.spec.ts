import { districtName, findDistrict, isKnownDistrict, ZHENGZHOU_DISTRICTS } from './districts';

describe('Zhengzhou districts', () => {
  it('names districts, counties, county-level cities and zones by code', () => {
    expect(districtName('410105')).toBe('金水区');
    expect(districtName('410104')).toBe('管城回族区');
    expect(districtName('410122')).toBe('中牟县');
    expect(districtName('410185')).toBe('登封市');
    expect(districtName('410100')).toBe('郑州市');
    expect(districtName('410173')).toBe('郑州航空港经济综合实验区');
    expect(districtName('410172')).toBe('郑州高新技术产业开发区');
    expect(districtName('410171')).toBe('郑州经济技术开发区');
    expect(districtName('410174')).toBe('郑东新区');
    expect(districtName('410107')).toBeNull(); // no such district today
    expect(districtName('410202')).toBeNull(); // 开封市龙亭区: outside Zhengzhou
  });

  it('accepts the city and everything under it, nothing else', () => {
    expect(isKnownDistrict('410100')).toBe(true);
    expect(isKnownDistrict('410174')).toBe(true);
    for (const code of ['', '4101', '410000', '410109', ' 410105', '420100']) expect(isKnownDistrict(code)).toBe(false);
  });

  it('marks 郑东新区 as the only platform-assigned code, and every zone as a zone under the city', () => {
    expect(ZHENGZHOU_DISTRICTS.filter((d) => d.platformAssigned).map((d) => d.code)).toEqual(['410174']);
    expect(ZHENGZHOU_DISTRICTS.filter((d) => d.kind === 'zone').map((d) => d.shortName)).toEqual(['经开区', '高新区', '航空港区', '郑东新区']);
    for (const d of ZHENGZHOU_DISTRICTS) {
      expect(d.code).toMatch(/^4101\d\d$/);
      if (d.kind !== 'city') expect(d.parentCode).toBe('410100');
    }
    expect(new Set(ZHENGZHOU_DISTRICTS.map((d) => d.code)).size).toBe(ZHENGZHOU_DISTRICTS.length);
  });

  it('weights the central districts and zones above the outer ones for demo data', () => {
    const w = (name: string) => ZHENGZHOU_DISTRICTS.find((d) => d.name === name)!.demoWeight;
    expect(findDistrict('410100')!.demoWeight).toBe(0);
    for (const heavy of ['金水区', '郑东新区', '郑州高新技术产业开发区', '郑州经济技术开发区', '郑州航空港经济综合实验区']) {
      for (const light of ['上街区', '登封市', '新密市', '巩义市']) expect(w(heavy)).toBeGreaterThan(w(light));
    }
  });
});
