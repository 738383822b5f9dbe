import type { Sector } from './identities.js';

/** What inspectors find, with the provision it breaches; `major` ones are 重大事故隐患 under the sector criteria. */
export interface HazardText {
  readonly description: string;
  readonly legalBasis: string;
  readonly sectors?: readonly Sector[];
}

const WSL = '《中华人民共和国安全生产法》';

export const GENERAL_HAZARDS: readonly HazardText[] = [
  { description: '安全出口、疏散通道被成品货物堵塞', legalBasis: `${WSL}第四十二条` },
  { description: '车间配电箱未安装漏电保护装置，箱门未上锁', legalBasis: `${WSL}第三十六条` },
  { description: '部分灭火器压力不足，未定期检查更换', legalBasis: `${WSL}第三十六条` },
  { description: '未如实记录从业人员安全生产教育和培训情况', legalBasis: `${WSL}第二十八条` },
  { description: '新入职员工未经三级安全教育即上岗作业', legalBasis: `${WSL}第二十八条` },
  { description: '电焊作业人员未持特种作业操作证上岗', legalBasis: `${WSL}第三十条` },
  { description: '冲床未安装光电保护装置或双手操作按钮', legalBasis: `${WSL}第三十六条`, sectors: ['hardware', 'auto_parts'] },
  { description: '砂轮机防护罩缺失，未设置挡屑板', legalBasis: `${WSL}第三十六条`, sectors: ['hardware', 'casting', 'auto_parts'] },
  { description: '抛光打磨工位未配备防尘口罩等劳动防护用品', legalBasis: `${WSL}第四十五条`, sectors: ['hardware', 'auto_parts'] },
  { description: '除尘器积尘未定期清理，未建立清扫记录', legalBasis: '《工贸企业粉尘防爆安全规定》第十五条', sectors: ['hardware', 'casting', 'auto_parts'] },
  { description: '熔炼炉周边存放易燃杂物', legalBasis: `${WSL}第四十一条`, sectors: ['casting'] },
  { description: '行车吊钩防脱钩装置损坏', legalBasis: `${WSL}第三十六条`, sectors: ['casting', 'building_materials'] },
  { description: '危险化学品储存场所未设置明显的安全警示标志', legalBasis: `${WSL}第三十五条`, sectors: ['chemicals', 'trade'] },
  { description: '油漆、稀释剂等危险化学品与普通物料混存', legalBasis: '《危险化学品安全管理条例》第二十六条', sectors: ['chemicals', 'hardware'] },
  { description: '未建立生产安全事故隐患排查治理制度', legalBasis: `${WSL}第四十一条` },
  { description: '未制定生产安全事故应急救援预案或未定期组织演练', legalBasis: `${WSL}第八十一条` },
  { description: '有限空间作业场所未设置安全警示标志', legalBasis: '《工贸企业有限空间作业安全规定》第十二条', sectors: ['food', 'chemicals'] },
  { description: '员工宿舍与仓库设置在同一建筑内', legalBasis: `${WSL}第四十二条` },
  { description: '机械设备传动部位未设置防护罩', legalBasis: `${WSL}第三十六条` },
  { description: '高处作业平台护栏缺失', legalBasis: `${WSL}第三十六条`, sectors: ['building_materials', 'mining', 'casting'] },
  { description: '叉车驾驶员未经培训上岗，叉车未定期检查', legalBasis: `${WSL}第二十八条`, sectors: ['trade', 'food', 'building_materials'] },
  { description: '液化石油气钢瓶存放在厨房操作间且无可燃气体报警装置', legalBasis: `${WSL}第三十六条`, sectors: ['food', 'trade'] },
  { description: '采场边坡存在浮石，未及时清理', legalBasis: '《金属非金属矿山安全规程》', sectors: ['mining'] },
  { description: '主要负责人未组织制定本单位安全生产规章制度', legalBasis: `${WSL}第二十一条` },
  { description: '未按规定设置安全生产管理机构或配备专职安全生产管理人员', legalBasis: `${WSL}第二十四条` },
];

export const MAJOR_HAZARDS: readonly HazardText[] = [
  { description: '粉尘爆炸危险场所设置在非框架结构的多层建筑物内', legalBasis: '《工贸企业重大事故隐患判定标准》第十二条', sectors: ['hardware', 'auto_parts', 'casting'] },
  { description: '铝镁等金属粉尘湿式除尘器未设置氢气浓度监测及泄爆措施', legalBasis: '《工贸企业重大事故隐患判定标准》第十二条', sectors: ['hardware', 'auto_parts'] },
  { description: '会议室、更衣室设置在熔融金属吊运影响范围内', legalBasis: '《工贸企业重大事故隐患判定标准》第五条', sectors: ['casting'] },
  { description: '有限空间作业未落实"先通风、再检测、后作业"要求', legalBasis: '《工贸企业重大事故隐患判定标准》第四条', sectors: ['food', 'chemicals'] },
  { description: '涉及可燃气体的作业场所未设置可燃气体报警装置', legalBasis: '《工贸企业重大事故隐患判定标准》第十四条', sectors: ['chemicals', 'food'] },
  { description: '危险化学品仓库超量储存，防火间距不足', legalBasis: '《危险化学品企业重大危险源安全包保责任制办法》', sectors: ['chemicals', 'trade'] },
  { description: '露天采场超高陡坡开采，未按设计分台阶', legalBasis: '《金属非金属矿山重大事故隐患判定标准》第三条', sectors: ['mining'] },
];

/** Violations the bureau penalizes, with the article that sets the penalty and the range it allows for an enterprise. */
export interface ViolationText {
  readonly description: string;
  readonly legalBasis: string;
  readonly penaltyBasis: string;
  /** Yuan. */
  readonly fineRange: readonly [number, number];
}

export const EMB_VIOLATIONS: readonly ViolationText[] = [
  {
    description: '未按照规定对从业人员进行安全生产教育和培训',
    legalBasis: `${WSL}第二十八条第一款`,
    penaltyBasis: `${WSL}第九十七条第三项`,
    fineRange: [10_000, 100_000],
  },
  {
    description: '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业',
    legalBasis: `${WSL}第三十条第一款`,
    penaltyBasis: `${WSL}第九十七条第七项`,
    fineRange: [10_000, 100_000],
  },
  {
    description: '安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准',
    legalBasis: `${WSL}第三十六条第一款`,
    penaltyBasis: `${WSL}第九十九条第二项`,
    fineRange: [5_000, 50_000],
  },
  {
    description: '未为从业人员提供符合国家标准或者行业标准的劳动防护用品',
    legalBasis: `${WSL}第四十五条`,
    penaltyBasis: `${WSL}第九十九条第五项`,
    fineRange: [5_000, 50_000],
  },
  {
    description: '未采取措施消除事故隐患，逾期未改正',
    legalBasis: `${WSL}第四十一条第二款`,
    penaltyBasis: `${WSL}第一百零二条`,
    fineRange: [50_000, 100_000],
  },
  {
    description: '生产经营场所未设有符合紧急疏散需要、标志明显、保持畅通的出口和疏散通道',
    legalBasis: `${WSL}第四十二条第二款`,
    penaltyBasis: `${WSL}第一百零五条第二项`,
    fineRange: [5_000, 50_000],
  },
  {
    description: '未建立事故隐患排查治理制度',
    legalBasis: `${WSL}第四十一条第二款`,
    penaltyBasis: `${WSL}第一百零一条第五项`,
    fineRange: [20_000, 100_000],
  },
  {
    description: '粉尘防爆安全设备设施未定期检查维护，逾期未改正',
    legalBasis: '《工贸企业粉尘防爆安全规定》第十五条',
    penaltyBasis: `${WSL}第九十九条第三项`,
    fineRange: [50_000, 200_000],
  },
  {
    description: '存在重大事故隐患，未采取措施消除',
    legalBasis: `${WSL}第四十一条第二款`,
    penaltyBasis: `${WSL}第一百零二条`,
    fineRange: [100_000, 500_000],
  },
];

/** What the traffic police find at transport companies (两客一危 checks) and on the road. */
export const TRAFFIC_HAZARDS: readonly HazardText[] = [
  { description: '客运车辆部分座位安全带损坏未修复', legalBasis: '《中华人民共和国道路交通安全法》第二十一条' },
  { description: '营运车辆逾期未进行安全技术检验仍在运营', legalBasis: '《中华人民共和国道路交通安全法》第十三条' },
  { description: '企业安排交通违法未处理完毕的驾驶人继续驾驶营运车辆', legalBasis: '《重庆市道路交通安全条例》' },
  { description: '危险货物运输车辆未按规定安装使用行驶记录仪', legalBasis: '《中华人民共和国道路交通安全法实施条例》第十四条' },
  { description: '未落实驾驶人交通安全教育制度，无培训记录', legalBasis: '《重庆市道路交通安全条例》' },
  { description: '车辆灯光、制动性能不符合安全技术标准', legalBasis: '《中华人民共和国道路交通安全法》第二十一条' },
  { description: '驾驶人连续驾驶超过4小时未停车休息', legalBasis: '《中华人民共和国道路交通安全法实施条例》第六十二条' },
];

export interface TrafficViolationText {
  readonly description: string;
  readonly legalBasis: string;
  readonly party: 'organization' | 'person';
}

export const TRAFFIC_VIOLATIONS: readonly TrafficViolationText[] = [
  { description: '驾驶机动车时驾驶人未按规定使用安全带', legalBasis: '《中华人民共和国道路交通安全法》第五十一条、第九十条', party: 'person' },
  { description: '驾驶机动车违反道路交通信号灯通行', legalBasis: '《中华人民共和国道路交通安全法》第三十八条、第九十条', party: 'person' },
  { description: '公路客运车辆载客超过额定乘员', legalBasis: '《中华人民共和国道路交通安全法》第四十九条、第九十二条', party: 'person' },
  { description: '驾驶与准驾车型不符的机动车', legalBasis: '《中华人民共和国道路交通安全法》第十九条、第九十九条', party: 'person' },
  { description: '驾驶安全设施不全的营运机动车上道路行驶', legalBasis: '《中华人民共和国道路交通安全法》第二十一条、第九十条', party: 'organization' },
  { description: '运输单位的车辆未按规定进行安全技术检验仍上道路行驶', legalBasis: '《中华人民共和国道路交通安全法》第十三条、第九十条', party: 'organization' },
];

export const DRUNK_DRIVING: TrafficViolationText = {
  description: '饮酒后驾驶营运机动车',
  legalBasis: '《中华人民共和国道路交通安全法》第二十二条、第九十一条第二款',
  party: 'person',
};

export const INSPECTION_SUMMARIES = {
  routine: ['对该单位安全生产情况进行日常检查', '按年度监督检查计划开展执法检查', '对该单位安全生产主体责任落实情况进行检查'],
  random_draw: ['"双随机、一公开"抽查', '按随机抽取结果对该单位开展监督检查'],
  special_campaign: ['开展专项整治行动检查', '开展粉尘涉爆企业专项执法检查', '开展节前安全生产大检查'],
  complaint: ['接群众投诉举报后进行核查', '根据12345热线转办投诉开展检查'],
  referral: ['根据镇街移送线索开展检查', '根据市场监管部门移交线索开展检查'],
  accident: ['对该单位发生的一般生产安全事故开展调查', '对该单位轻伤事故开展现场核查'],
} as const;

export const TRAFFIC_SUMMARIES = {
  routine: ['对该运输企业交通安全主体责任落实情况开展检查', '对"两客一危"重点车辆开展源头检查'],
  special_campaign: ['开展夏季道路交通安全整治行动', '开展国庆节前道路交通安全隐患排查'],
  roadside: ['执勤民警在路面巡逻中依法拦检车辆', '在治安卡口对过往营运车辆依法检查'],
} as const;

export const CAMPAIGNS = ['2025年安全生产治本攻坚三年行动', '2025年粉尘涉爆企业专项整治', '2025年春节前安全生产大检查', '2025年"安全生产月"执法检查'];

export const STATEMENTS = [
  '当事人对违法事实无异议，称已组织整改，请求从轻处罚',
  '当事人称因生产任务紧张未及时整改，现已全部整改到位',
  '当事人提出经营困难，请求减轻处罚',
  '当事人对部分事实有异议，提交了补充证明材料',
  '当事人称系首次违法且危害后果轻微',
];

export const DISCRETION_REASONS = {
  lighter: ['当事人主动消除违法行为危害后果', '当事人积极配合调查，如实陈述违法事实', '当事人主动整改到位且系初次违法'],
  mitigated: ['当事人主动供述行政机关尚未掌握的违法行为', '当事人配合查处违法行为有立功表现', '违法行为轻微并及时改正，依法减轻处罚'],
} as const;

export const EVIDENCE = [
  { kind: 'site_record', description: '现场检查记录', extension: 'pdf' },
  { kind: 'inquiry_record', description: '询问笔录', extension: 'pdf' },
  { kind: 'photo', description: '现场照片', extension: 'jpg' },
  { kind: 'video', description: '执法记录仪视频', extension: 'mp4' },
  { kind: 'document', description: '企业安全培训台账复印件', extension: 'pdf' },
  { kind: 'document', description: '营业执照及法定代表人身份证明复印件', extension: 'pdf' },
] as const;

export const RETURN_NOTES = [
  { point: 'evidence', note: '缺少当事人签字确认的现场检查记录' },
  { point: 'facts', note: '违法行为持续时间认定依据不足' },
  { point: 'discretion', note: '从轻处罚理由未附相关证明材料' },
  { point: 'documents', note: '询问笔录未记载执法人员证件号码' },
] as const;
