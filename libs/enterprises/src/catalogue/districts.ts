/**
 * 郑州市 and its districts (区县) with GB/T 2260 codes, plus the functional zones (功能区) that
 * have no GB/T 2260 code of their own.
 *
 * Zone codes: 410171–410173 are the codes of the National Bureau of Statistics' 统计用区划代码
 * (410171 经开区, 410172 高新区, 410173 航空港区), which is what statistics and market-regulation
 * exports carry. 郑东新区 has no official code; 410174 is assigned by this platform and must not
 * leave it as if it were official.
 */
export type DistrictKind = 'city' | 'district' | 'county' | 'county_city' | 'zone';

export interface District {
  code: string;
  name: string;
  /** The name people use in forms and charts (金水区, 高新区). */
  shortName: string;
  kind: DistrictKind;
  parentCode: string | null;
  /** True when the code is this platform's own, not a GB/T 2260 or NBS code. */
  platformAssigned: boolean;
  /** Relative share of enterprises in generated demo data; 0 for the city itself. */
  demoWeight: number;
}

export const ZHENGZHOU_CITY_CODE = '410100';

const d = (code: string, name: string, shortName: string, kind: DistrictKind, demoWeight: number, platformAssigned = false): District => ({
  code,
  name,
  shortName,
  kind,
  parentCode: kind === 'city' ? '410000' : ZHENGZHOU_CITY_CODE,
  platformAssigned,
  demoWeight,
});

export const ZHENGZHOU_DISTRICTS: readonly District[] = [
  d('410100', '郑州市', '郑州市', 'city', 0),
  d('410102', '中原区', '中原区', 'district', 7),
  d('410103', '二七区', '二七区', 'district', 7),
  d('410104', '管城回族区', '管城区', 'district', 6),
  d('410105', '金水区', '金水区', 'district', 16),
  d('410106', '上街区', '上街区', 'district', 1.5),
  d('410108', '惠济区', '惠济区', 'district', 4),
  d('410122', '中牟县', '中牟县', 'county', 4),
  d('410171', '郑州经济技术开发区', '经开区', 'zone', 9),
  d('410172', '郑州高新技术产业开发区', '高新区', 'zone', 11),
  d('410173', '郑州航空港经济综合实验区', '航空港区', 'zone', 9),
  d('410174', '郑东新区', '郑东新区', 'zone', 12, true),
  d('410181', '巩义市', '巩义市', 'county_city', 3),
  d('410182', '荥阳市', '荥阳市', 'county_city', 3),
  d('410183', '新密市', '新密市', 'county_city', 2.5),
  d('410184', '新郑市', '新郑市', 'county_city', 3.5),
  d('410185', '登封市', '登封市', 'county_city', 2),
];

const BY_CODE: ReadonlyMap<string, District> = new Map(ZHENGZHOU_DISTRICTS.map((x) => [x.code, x]));

export function findDistrict(code: string): District | null {
  return BY_CODE.get(code) ?? null;
}

/** Full name (郑州高新技术产业开发区), or null for a code outside the catalogue. */
export function districtName(code: string): string | null {
  return BY_CODE.get(code)?.name ?? null;
}

/** True for 郑州市 itself (firms registered at city level) and every district and zone under it. */
export function isKnownDistrict(code: string): boolean {
  return BY_CODE.has(code);
}
