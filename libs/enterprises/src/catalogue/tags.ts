/**
 * The demo tag library (标签库). Each tag is owned by the department that certifies it (codes of
 * DEMO_DEPARTMENTS; null = platform-wide, edited by admins). `source` says where membership comes
 * from: 'imported' from a department's certified list, 'derived' computed from profile facts,
 * 'manual' maintained by hand. The shape matches TagInput so the seed can `ensure(DEMO_TAGS)`.
 */
export type TagSource = 'manual' | 'imported' | 'derived';

export type TagCategory = '资质认定' | '规模' | '产业' | '荣誉' | '发展阶段' | '人才' | '风险';

export interface DemoTag {
  code: string;
  name: string;
  category: TagCategory;
  source: TagSource;
  ownerDepartment: string | null;
  description: string;
}

const t = (code: string, name: string, category: TagCategory, source: TagSource, ownerDepartment: string | null, description: string): DemoTag => ({
  code,
  name,
  category,
  source,
  ownerDepartment,
  description,
});

/** Mutable array type only because TagsService.ensure takes TagInput[]; treat as read-only. */
export const DEMO_TAGS: DemoTag[] = [
  t('hitech', '高新技术企业', '资质认定', 'imported', 'kjj', '经认定的国家高新技术企业，有效期三年'),
  t('tech_sme', '科技型中小企业', '资质认定', 'imported', 'kjj', '入库的科技型中小企业'),
  t('specialized', '专精特新中小企业', '资质认定', 'imported', 'gxj', '省级专精特新中小企业'),
  t('little_giant', '专精特新“小巨人”企业', '资质认定', 'imported', 'gxj', '国家级专精特新“小巨人”企业'),
  t('tech_center', '省级企业技术中心', '资质认定', 'imported', 'gxj', '认定的省级企业技术中心'),
  t('above_scale', '规上工业企业', '规模', 'derived', 'gxj', '年主营业务收入2000万元及以上的工业企业'),
  t('service_above_scale', '规上服务业企业', '规模', 'derived', null, '达到统计部门规模以上标准的服务业企业'),
  t('trade_above_scale', '限上批零企业', '规模', 'derived', 'swj', '限额以上批发和零售业企业'),
  t('gazelle', '瞪羚企业', '荣誉', 'imported', 'kjj', '连续高速成长的科技型企业'),
  t('unicorn', '独角兽企业', '荣誉', 'imported', 'kjj', '估值10亿美元以上的未上市创业企业'),
  t('green', '绿色工厂', '荣誉', 'imported', 'gxj', '绿色制造体系中的绿色工厂'),
  t('time_honored', '中华老字号', '荣誉', 'imported', 'swj', '商务部认定的中华老字号'),
  t('listing_reserve', '上市后备企业', '荣誉', 'manual', null, '纳入上市后备资源库的企业'),
  t('foreign_trade', '外贸企业', '产业', 'derived', 'swj', '上年度有进出口实绩的企业'),
  t('cross_border_ecommerce', '跨境电商企业', '产业', 'manual', 'swj', '开展跨境电子商务业务的企业'),
  t('digital', '数字经济企业', '产业', 'manual', 'gxj', '数字产业化或产业数字化重点企业'),
  t('startup', '初创企业', '发展阶段', 'derived', null, '成立不满三年的企业'),
  t('returnee', '留学人员创业企业', '人才', 'imported', 'rsj', '留学回国人员创办的企业'),
  t('dishonest', '严重失信主体', '风险', 'imported', null, '列入严重失信主体名单（与信用状态“失信”一致）'),
  t('abnormal_operation', '经营异常名录企业', '风险', 'imported', null, '被列入经营异常名录的企业'),
];

const BY_CODE: ReadonlyMap<string, DemoTag> = new Map(DEMO_TAGS.map((x) => [x.code, x]));

export function findDemoTag(code: string): DemoTag | null {
  return BY_CODE.get(code) ?? null;
}
