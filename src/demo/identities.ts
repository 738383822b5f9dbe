import { isCreditCode, isIdNumber } from '../shared/domain/credit-code.js';
import type { Random } from './random.js';

/** 大足区's administrative division code: the middle of its credit codes and ID numbers. */
export const DAZU_DIVISION = '500111';
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Completes 17 characters with the one check character the validator accepts (GB 32100-2015). */
export function withCreditCheck(body17: string): string {
  for (const check of CREDIT_ALPHABET) {
    if (isCreditCode(body17 + check)) return body17 + check;
  }
  throw new Error(`no check character completes ${body17}`);
}

/** Completes 17 digits with the ISO 7064 MOD 11-2 check character (GB 11643-1999). */
export function withIdCheck(body17: string): string {
  for (const check of '0123456789X') {
    if (isIdNumber(body17 + check)) return body17 + check;
  }
  throw new Error(`no check character completes ${body17}`);
}

/** An enterprise's code: registered by market regulation (9), a company (1), in 大足区, an "MA" organization code. */
export function enterpriseCreditCode(random: Random): string {
  let code = '';
  for (let i = 0; i < 7; i += 1) code += CREDIT_ALPHABET.charAt(random.int(0, CREDIT_ALPHABET.length - 1));
  return withCreditCheck(`91${DAZU_DIVISION}MA${code}`);
}

/** A state organ's code (11): a numeric organization code. */
export function organCreditCode(random: Random): string {
  let code = '';
  for (let i = 0; i < 9; i += 1) code += String(random.int(0, 9));
  return withCreditCheck(`11${DAZU_DIVISION}${code}`);
}

/**
 * A fictitious identity number of an adult born 1962-1995 in 大足: valid in form and check character, with a
 * sequence number chosen at random, so it names no one in particular.
 */
export function idNumber(random: Random, sex: 'male' | 'female'): string {
  const year = random.int(1962, 1995);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  const sequence = random.int(10, 99) * 10 + (sex === 'male' ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return withIdCheck(`${DAZU_DIVISION}${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence, 3)}`);
}

/** A mobile number in a range the numbering plan does not assign to subscribers. */
export const phone = (random: Random): string => `1990000${String(random.int(0, 9999)).padStart(4, '0')}`;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红俊峰波辉鹏宇晨浩然欣怡思雨文斌凯琳倩雪梅健海燕林飞斌鑫瑞婷亮成龙晓东春';

export function personName(random: Random): string {
  const surname = SURNAMES.charAt(random.int(0, SURNAMES.length - 1));
  const length = random.chance(0.7) ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i += 1) given += GIVEN.charAt(random.int(0, GIVEN.length - 1));
  return surname + given;
}

/** 大足's streets and towns, where its enterprises are. */
export const TOWNSHIPS = [
  '龙岗街道', '棠香街道', '智凤街道', '龙滩子街道', '双路街道', '通桥街道', '龙水镇', '宝顶镇', '中敖镇', '三驱镇',
  '宝兴镇', '玉龙镇', '石马镇', '拾万镇', '回龙镇', '金山镇', '万古镇', '国梁镇', '雍溪镇', '珠溪镇', '龙石镇',
  '邮亭镇', '铁山镇', '高升镇', '季家镇', '古龙镇', '高坪镇',
] as const;

const ROADS = ['五金大道', '工业大道', '龙水大道', '棠香路', '北环路', '海棠大道', '宏声路', '双桥路', '五星大道', '科技大道', '园区一路', '园区三路'];

export const address = (random: Random, township: string): string =>
  `重庆市大足区${township}${random.pick(ROADS)}${random.int(1, 399)}号`;

/** Sectors of the district's enterprises, as the bureau's inspections group them. */
export type Sector = 'hardware' | 'casting' | 'auto_parts' | 'chemicals' | 'building_materials' | 'food' | 'trade' | 'mining' | 'transport';

const TRADE_NAMES = [
  '宏达', '兴盛', '鑫源', '龙腾', '华鑫', '永发', '恒通', '金岭', '福瑞', '顺丰源', '昌隆', '盛世', '佳和', '众鑫', '海棠',
  '石刻', '宝顶', '棠城', '龙水湖', '天誉', '双桥', '合力', '巨鼎', '聚源', '博越', '瑞丰', '万利', '天德', '吉顺', '长青',
  '荣昌泰', '新宇', '创辉', '明锐', '金鼎', '隆鑫源', '和谐', '正阳', '东升', '九鼎',
];

const SECTOR_NAMES: Record<Sector, readonly string[]> = {
  hardware: ['五金制品有限公司', '刀具制造有限公司', '五金工具有限公司', '不锈钢制品有限公司', '剪刀厂'],
  casting: ['铸造有限公司', '机械铸件有限公司', '精密铸造有限公司', '锻造有限公司'],
  auto_parts: ['汽车配件有限公司', '汽车零部件制造有限公司', '摩托车配件有限公司', '机械制造有限公司'],
  chemicals: ['化工有限公司', '涂料有限公司', '气体有限公司', '油品销售有限公司'],
  building_materials: ['建材有限公司', '新型墙体材料有限公司', '混凝土有限公司', '石材加工有限公司'],
  food: ['食品有限公司', '粮油有限公司', '冬菜厂', '酒业有限公司'],
  trade: ['商贸有限公司', '物流有限公司', '仓储有限公司', '超市有限公司'],
  mining: ['矿业有限公司', '采石场', '页岩砖厂'],
  transport: ['客运有限公司', '货物运输有限公司', '危险货物运输有限公司', '公共交通有限公司', '驾驶培训学校有限公司', '物流运输有限公司'],
};

/** A company name such as 重庆市大足区鑫源五金制品有限公司; `used` keeps names unique within a plan. */
export function companyName(random: Random, sector: Sector, used: Set<string>): string {
  for (;;) {
    const name = `重庆${random.chance(0.6) ? '市大足区' : ''}${random.pick(TRADE_NAMES)}${random.pick(SECTOR_NAMES[sector])}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

const SHOPS = ['五金加工坊', '刀剪门市部', '汽修店', '液化气供应点', '烟花爆竹零售点', '餐馆', '小吃店', '机械加工作坊', '农家乐'];

/** An individual business (个体工商户): the party of record is the person who runs it. */
export const shopName = (random: Random, township: string, owner: string): string =>
  `大足区${township}${owner.charAt(0)}记${random.pick(SHOPS)}`;
