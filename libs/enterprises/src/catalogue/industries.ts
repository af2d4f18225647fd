/**
 * A compact GB/T 4754-2017 (国民经济行业分类) catalogue. Codes carry their section letter as a
 * prefix — 'C', 'C39', 'C392', 'C3921' — so that a rule on 'C39' matches every firm in the division
 * by plain prefix. The catalogue names the 20 sections and the divisions and groups common in
 * Zhengzhou; any other well-formed code is valid and named after its nearest known ancestor.
 */
export interface IndustrySection {
  letter: string;
  name: string;
  /** Inclusive range of the 2-digit divisions (大类) in the section. */
  divisions: readonly [number, number];
}

export interface Industry {
  code: string;
  name: string;
  /** Relative share of enterprises in generated demo data. */
  demoWeight: number;
}

export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  { letter: 'A', name: '农、林、牧、渔业', divisions: [1, 5] },
  { letter: 'B', name: '采矿业', divisions: [6, 12] },
  { letter: 'C', name: '制造业', divisions: [13, 43] },
  { letter: 'D', name: '电力、热力、燃气及水生产和供应业', divisions: [44, 46] },
  { letter: 'E', name: '建筑业', divisions: [47, 50] },
  { letter: 'F', name: '批发和零售业', divisions: [51, 52] },
  { letter: 'G', name: '交通运输、仓储和邮政业', divisions: [53, 60] },
  { letter: 'H', name: '住宿和餐饮业', divisions: [61, 62] },
  { letter: 'I', name: '信息传输、软件和信息技术服务业', divisions: [63, 65] },
  { letter: 'J', name: '金融业', divisions: [66, 69] },
  { letter: 'K', name: '房地产业', divisions: [70, 70] },
  { letter: 'L', name: '租赁和商务服务业', divisions: [71, 72] },
  { letter: 'M', name: '科学研究和技术服务业', divisions: [73, 75] },
  { letter: 'N', name: '水利、环境和公共设施管理业', divisions: [76, 79] },
  { letter: 'O', name: '居民服务、修理和其他服务业', divisions: [80, 82] },
  { letter: 'P', name: '教育', divisions: [83, 83] },
  { letter: 'Q', name: '卫生和社会工作', divisions: [84, 85] },
  { letter: 'R', name: '文化、体育和娱乐业', divisions: [86, 90] },
  { letter: 'S', name: '公共管理、社会保障和社会组织', divisions: [91, 96] },
  { letter: 'T', name: '国际组织', divisions: [97, 97] },
];

const i = (code: string, name: string, demoWeight: number): Industry => ({ code, name, demoWeight });

/** Divisions (大类) and groups (中类) that firms in the demo data are drawn from. */
export const INDUSTRIES: readonly Industry[] = [
  i('A01', '农业', 1),
  i('A03', '畜牧业', 0.5),
  i('A05', '农、林、牧、渔专业及辅助性活动', 0.5),
  i('B10', '非金属矿采选业', 0.2),
  i('C13', '农副食品加工业', 1.2),
  i('C14', '食品制造业', 1.2),
  i('C18', '纺织服装、服饰业', 0.8),
  i('C26', '化学原料和化学制品制造业', 0.6),
  i('C27', '医药制造业', 0.6),
  i('C276', '生物药品制品制造', 0.3),
  i('C29', '橡胶和塑料制品业', 0.6),
  i('C30', '非金属矿物制品业', 1),
  i('C32', '有色金属冶炼和压延加工业', 0.4),
  i('C33', '金属制品业', 1),
  i('C34', '通用设备制造业', 1.2),
  i('C35', '专用设备制造业', 1.2),
  i('C351', '采矿、冶金、建筑专用设备制造', 0.8),
  i('C358', '医疗仪器设备及器械制造', 0.4),
  i('C36', '汽车制造业', 0.6),
  i('C361', '汽车整车制造', 0.1),
  i('C367', '汽车零部件及配件制造', 0.6),
  i('C38', '电气机械和器材制造业', 1.2),
  i('C39', '计算机、通信和其他电子设备制造业', 1),
  i('C392', '通信设备制造', 0.5),
  i('C397', '电子器件制造', 0.3),
  i('C398', '电子元件及电子专用材料制造', 0.3),
  i('C40', '仪器仪表制造业', 0.6),
  i('D44', '电力、热力生产和供应业', 0.3),
  i('E47', '房屋建筑业', 2),
  i('E48', '土木工程建筑业', 1.5),
  i('E49', '建筑安装业', 1),
  i('E50', '建筑装饰、装修和其他建筑业', 2),
  i('F51', '批发业', 10),
  i('F517', '机械设备、五金产品及电子产品批发', 2),
  i('F52', '零售业', 10),
  i('F529', '货摊、无店铺及其他零售业', 2),
  i('G54', '道路运输业', 1.5),
  i('G56', '航空运输业', 0.1),
  i('G58', '多式联运和运输代理业', 1),
  i('G59', '装卸搬运和仓储业', 1),
  i('H61', '住宿业', 1),
  i('H62', '餐饮业', 3),
  i('I64', '互联网和相关服务', 2),
  i('I65', '软件和信息技术服务业', 3),
  i('I651', '软件开发', 1.5),
  i('I653', '信息系统集成和物联网技术服务', 0.8),
  i('J69', '其他金融业', 0.3),
  i('K70', '房地产业', 2),
  i('L71', '租赁业', 1),
  i('L72', '商务服务业', 7),
  i('M73', '研究和试验发展', 1.5),
  i('M74', '专业技术服务业', 3),
  i('M75', '科技推广和应用服务业', 4),
  i('N77', '生态保护和环境治理业', 0.6),
  i('O80', '居民服务业', 1.5),
  i('O81', '机动车、电子产品和日用产品修理业', 1),
  i('P83', '教育', 1),
  i('Q84', '卫生', 0.8),
  i('R87', '广播、电视、电影和录音制作业', 0.4),
  i('R88', '文化艺术业', 0.6),
  i('R90', '娱乐业', 0.4),
];

const SECTIONS_BY_LETTER: ReadonlyMap<string, IndustrySection> = new Map(INDUSTRY_SECTIONS.map((s) => [s.letter, s]));
const NAMES: ReadonlyMap<string, string> = new Map([
  ...INDUSTRY_SECTIONS.map((s) => [s.letter, s.name] as const),
  ...INDUSTRIES.map((x) => [x.code, x.name] as const),
]);

const INDUSTRY_CODE = /^([A-T])(\d{0,4})$/;

/**
 * Well-formed GB/T 4754 code: a section letter and up to 4 digits whose division (first two digits)
 * belongs to that section — 'C39' yes, 'C65' no (65 is in section I). Upper case only.
 */
export function isValidIndustryCode(code: string): boolean {
  const m = INDUSTRY_CODE.exec(code);
  if (!m) return false;
  const section = SECTIONS_BY_LETTER.get(m[1]);
  if (!section) return false;
  const digits = m[2];
  if (digits.length === 0) return true;
  const [lo, hi] = section.divisions;
  if (digits.length === 1) {
    const tens = Number(digits);
    return tens >= Math.floor(lo / 10) && tens <= Math.floor(hi / 10);
  }
  const division = Number(digits.slice(0, 2));
  return division >= lo && division <= hi;
}

/** The section letter of a valid code ('C3921' → 'C'), else null. */
export function industrySectionOf(code: string): string | null {
  return isValidIndustryCode(code) ? code[0] : null;
}

/**
 * Name of a code, or of its nearest catalogued ancestor ('C3921' → 通信设备制造, 'C4011' → 仪器仪表制造业,
 * 'C43' → 制造业); null for an invalid code.
 */
export function industryName(code: string): string | null {
  if (!isValidIndustryCode(code)) return null;
  for (let len = code.length; len >= 1; len--) {
    const name = NAMES.get(code.slice(0, len));
    if (name) return name;
  }
  return null;
}
