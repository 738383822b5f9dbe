import { randomUUID } from 'node:crypto';
import { type EventMetadata, type NewEvent } from '../src/eventstore/event.js';

/** A seeded generator (mulberry32), so every run writes the same mix of events. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

export const AGENCIES = ['dazu-emb', 'dazu-emb-longshui', 'dazu-emb-baoding', 'dazu-emb-yulong'] as const;

export const EVENT_TYPES = [
  'CaseOpened',
  'InspectionRecorded',
  'HazardIdentified',
  'EvidenceAttached',
  'RectificationOrdered',
  'FineImposed',
  'FinePaid',
  'CaseClosed',
] as const;
type EventType = (typeof EVENT_TYPES)[number];

/** What follows the opening of a case, weighted roughly as a case file fills up. */
const FOLLOW_UP_TYPES: readonly EventType[] = [
  'InspectionRecorded',
  'InspectionRecorded',
  'InspectionRecorded',
  'HazardIdentified',
  'HazardIdentified',
  'EvidenceAttached',
  'EvidenceAttached',
  'EvidenceAttached',
  'RectificationOrdered',
  'FineImposed',
  'FinePaid',
  'CaseClosed',
];

const ENTERPRISES = ['重庆大足某五金制品有限公司', '大足区龙水镇某机械加工厂', '某危险化学品经营部', '某建材有限公司'];
const TOWNS = ['龙水镇', '宝顶镇', '玉龙镇', '邮亭镇', '棠香街道'];
const HAZARDS = ['粉尘涉爆', '有限空间作业', '危化品储存', '消防通道堵塞', '特种作业无证上岗'];

function caseCommon(random: Random): Record<string, unknown> {
  return {
    caseNumber: `大足应急罚〔2026〕${100 + random.int(900)}号`,
    enterprise: { name: random.pick(ENTERPRISES), creditCode: `91500111MA${60_000_000 + random.int(9_999_999)}` },
    site: { town: random.pick(TOWNS), address: `工业园区${1 + random.int(300)}号` },
    officerIds: [`officer-${random.int(40)}`, `officer-${random.int(40)}`],
  };
}

function dataFor(type: EventType, random: Random): Record<string, unknown> {
  const common = caseCommon(random);
  switch (type) {
    case 'CaseOpened':
      return { ...common, source: 'routine-inspection', hazard: random.pick(HAZARDS) };
    case 'InspectionRecorded':
      return { ...common, checklistId: `chk-${random.int(500)}`, findings: random.int(6), score: 60 + random.int(40) };
    case 'HazardIdentified':
      return { ...common, hazard: random.pick(HAZARDS), severity: random.pick(['general', 'major']) };
    case 'EvidenceAttached':
      return { ...common, evidenceId: randomUUID(), kind: 'photo', sizeBytes: 200_000 + random.int(3_000_000) };
    case 'RectificationOrdered':
      return { ...common, deadlineDays: 7 + random.int(30), legalBasis: '《安全生产法》第六十五条' };
    case 'FineImposed':
      return { ...common, amountFen: (1 + random.int(50)) * 100_000, legalBasis: '《安全生产法》第九十九条' };
    case 'FinePaid':
      return { ...common, amountFen: (1 + random.int(50)) * 100_000, paidVia: random.pick(['bank', 'wechat']) };
    case 'CaseClosed':
      return { ...common, outcome: random.pick(['rectified', 'fined', 'transferred']) };
  }
}

/** The n-th event of a case (n from 1): every case opens with CaseOpened. */
export function caseEvent(random: Random, streamVersion: number, occurredAt?: string): NewEvent {
  const type = streamVersion === 1 ? 'CaseOpened' : random.pick(FOLLOW_UP_TYPES);
  const data = dataFor(type, random);
  return occurredAt === undefined ? { type, data } : { type, data, occurredAt };
}

/** Metadata as a command handler fills it in: every field set. */
export function commandMetadata(random: Random, agencyId: string): Omit<EventMetadata, 'occurredAt'> {
  return {
    actorId: `officer-${random.int(40)}`,
    actorRoles: ['officer', 'case-handler'],
    agencyId,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    requestId: randomUUID(),
  };
}

export const newCaseStreamId = (): string => `case-${randomUUID()}`;
