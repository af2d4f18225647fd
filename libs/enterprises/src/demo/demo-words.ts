/** Word lists and banks the demo generator draws names, contacts and accounts from (demo data, not real). */
export const BRAND_CHARS = [...new Set('华科中原瑞达恒信宇通鑫源盛泰隆兴嘉豫正天博远创新汇金德润宏安祥和联合佳众诚凯益旭明辉晨光海峰洋振腾飞卓越智航启东方立升永昌宁顺丰荣鼎坤元晟翔森林皓辰睿思图腾云锦')];
export const BRAND_WORDS = ['中原', '黄河', '嵩山', '商都', '绿城', '华夏', '郑发', '豫商', '天地', '中州', '伏牛', '大河'];
export const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁宋谢唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'];
export const GIVEN_CHARS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞宇浩然欣怡晨阳志雪梅海燕晓东'];
export const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export interface DemoBank {
  name: string;
  /** Account number prefix and total length, plausible for the bank's 对公 accounts (not real numbers). */
  prefix: string;
  length: number;
  weight: number;
}

export const DEMO_BANKS: readonly DemoBank[] = [
  { name: '中国工商银行郑州分行', prefix: '1702', length: 19, weight: 18 },
  { name: '中国建设银行郑州分行', prefix: '4105', length: 19, weight: 16 },
  { name: '中国农业银行郑州分行', prefix: '1605', length: 17, weight: 12 },
  { name: '中国银行郑州分行', prefix: '2565', length: 16, weight: 10 },
  { name: '交通银行河南省分行', prefix: '4118', length: 18, weight: 6 },
  { name: '郑州银行', prefix: '9010', length: 18, weight: 12 },
  { name: '中原银行郑州分行', prefix: '4110', length: 18, weight: 10 },
  { name: '招商银行郑州分行', prefix: '3719', length: 16, weight: 6 },
  { name: '中信银行郑州分行', prefix: '8111', length: 16, weight: 4 },
  { name: '浦发银行郑州分行', prefix: '7601', length: 16, weight: 3 },
  { name: '兴业银行郑州分行', prefix: '4620', length: 18, weight: 3 },
];
