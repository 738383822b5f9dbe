import type { AgencyPower } from '../identity/domain/agency.js';
import type { Role } from '../shared/domain/roles.js';
import {
  type Sector,
  TOWNSHIPS,
  address,
  companyName,
  enterpriseCreditCode,
  idNumber,
  organCreditCode,
  personName,
  phone,
  shopName,
} from './identities.js';
import type { PlannedOfficer } from './plan-types.js';
import { Random } from './random.js';

export const EMB = 'dazu-emb';
export const TRAFFIC = 'dazu-traffic';
export const DISTRICT = 'dazu-district';

export interface AgencyProfile {
  readonly agencyId: string;
  readonly name: string;
  readonly shortName: string;
  readonly creditCode: string;
  readonly powers: readonly AgencyPower[];
  /** Decision number series: 罚 (general), 简罚 (simple), 不罚 (no penalty). */
  readonly series: { readonly general: string; readonly simple: string; readonly none: string };
}

/** Fixed whatever the seed, so that demos with other seeds describe the same agencies. */
const organs = new Random(0, 'agencies');
export const AGENCIES: readonly AgencyProfile[] = [
  {
    agencyId: EMB,
    name: '重庆市大足区应急管理局',
    shortName: '区应急管理局',
    creditCode: organCreditCode(organs),
    powers: ['confiscation', 'production_suspension'],
    series: { general: '渝大足应急罚', simple: '渝大足应急简罚', none: '渝大足应急不罚' },
  },
  {
    agencyId: TRAFFIC,
    name: '重庆市大足区公安局交通巡逻警察支队',
    shortName: '区公安交巡警支队',
    creditCode: organCreditCode(organs),
    powers: ['confiscation', 'licence_suspension', 'licence_revocation', 'detention'],
    series: { general: '大足公交行罚决字', simple: '大足公交简罚字', none: '大足公交不罚字' },
  },
];

export interface Roster {
  readonly officers: readonly PlannedOfficer[];
  readonly byAgency: Readonly<Record<string, { heads: string[]; investigators: string[]; reviewers: string[] }>>;
  readonly validFrom: Readonly<Record<string, string>>;
  readonly validUntil: Readonly<Record<string, string>>;
}

/**
 * The bureau: a director and two deputies (heads who also hold certificates), 28 enforcement officers and the two
 * legal reviewers of its legal affairs section; the brigade: two heads, nine officers and a reviewer.
 */
export function planRoster(seed: number, firstYear: number): Roster {
  const random = new Random(seed, 'roster');
  const officers: PlannedOfficer[] = [];
  const validFrom: Record<string, string> = {};
  const validUntil: Record<string, string> = {};
  const byAgency: Record<string, { heads: string[]; investigators: string[]; reviewers: string[] }> = {};
  const names = new Set<string>();
  const add = (agencyId: string, key: string, roles: Role[], prefix: string, n: number) => {
    let name = personName(random);
    while (names.has(name)) name = personName(random);
    names.add(name);
    officers.push({ key, agencyId, name, roles, certificateNumber: `${prefix}${String(n).padStart(4, '0')}` });
    // Certificates run five years from one of the three years before the period's first: every one covers the
    // period, which ends at the latest in the year after its first.
    const from = `${firstYear - random.int(1, 3)}-${String(random.int(1, 12)).padStart(2, '0')}-01`;
    validFrom[key] = from;
    validUntil[key] = `${Number(from.slice(0, 4)) + 5}${from.slice(4, 7)}-28`;
    const staff = (byAgency[agencyId] ??= { heads: [], investigators: [], reviewers: [] });
    if (roles.includes('head')) staff.heads.push(key);
    else if (roles.includes('officer')) staff.investigators.push(key);
    if (roles.includes('reviewer')) staff.reviewers.push(key);
  };
  let n = 0;
  add(EMB, 'emb-director', ['head', 'officer'], '渝执500111', (n += 1));
  for (let i = 1; i <= 2; i += 1) add(EMB, `emb-deputy-${i}`, ['head', 'officer'], '渝执500111', (n += 1));
  for (let i = 1; i <= 28; i += 1) add(EMB, `emb-officer-${String(i).padStart(2, '0')}`, ['officer'], '渝执500111', (n += 1));
  for (let i = 1; i <= 2; i += 1) add(EMB, `emb-reviewer-${i}`, ['reviewer'], '渝执500111', (n += 1));
  n = 0;
  for (let i = 1; i <= 2; i += 1) add(TRAFFIC, `traffic-head-${i}`, ['head', 'officer'], '渝公交警', (n += 1));
  for (let i = 1; i <= 9; i += 1) add(TRAFFIC, `traffic-officer-${String(i).padStart(2, '0')}`, ['officer'], '渝公交警', (n += 1));
  add(TRAFFIC, 'traffic-reviewer-1', ['reviewer'], '渝公交警', n + 1);
  return { officers, byAgency, validFrom, validUntil };
}

export type PlannedParty =
  | {
      readonly kind: 'organization';
      readonly name: string;
      readonly creditCode: string;
      readonly legalRepresentative: string;
      readonly sector: Sector;
      readonly township: string;
      readonly address: string;
    }
  | {
      readonly kind: 'person';
      readonly name: string;
      readonly idNumber: string;
      readonly phone: string;
      readonly address: string;
      readonly township: string;
      /** The individual business the person runs, or null for a driver. */
      readonly business: string | null;
    };

export interface Parties {
  readonly enterprises: readonly PlannedParty[];
  readonly businesses: readonly PlannedParty[];
  readonly carriers: readonly PlannedParty[];
  readonly drivers: readonly PlannedParty[];
}

const SECTORS: readonly (readonly [Sector, number])[] = [
  ['hardware', 30],
  ['auto_parts', 15],
  ['trade', 12],
  ['casting', 10],
  ['building_materials', 10],
  ['food', 8],
  ['chemicals', 5],
  ['mining', 3],
];

/** The parties inspected: enterprises and individual businesses for the bureau, carriers and drivers for the brigade. */
export function planParties(seed: number, embCases: number, trafficCases: number): Parties {
  const random = new Random(seed, 'parties');
  const used = new Set<string>();
  const codes = new Set<string>();
  const code = () => {
    let value = enterpriseCreditCode(random);
    while (codes.has(value)) value = enterpriseCreditCode(random);
    codes.add(value);
    return value;
  };
  const enterprise = (sector: Sector): PlannedParty => {
    const township = random.pick(TOWNSHIPS);
    return {
      kind: 'organization',
      name: companyName(random, sector, used),
      creditCode: code(),
      legalRepresentative: personName(random),
      sector,
      township,
      address: address(random, township),
    };
  };
  const person = (business: boolean): PlannedParty => {
    const township = random.pick(TOWNSHIPS);
    const sex = random.chance(0.7) ? 'male' : 'female';
    const owner = personName(random);
    return {
      kind: 'person',
      name: owner,
      idNumber: idNumber(random, sex),
      phone: phone(random),
      address: address(random, township),
      township,
      business: business ? shopName(random, township, owner) : null,
    };
  };
  const count = (n: number, share: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(n * share)));
  return {
    enterprises: Array.from({ length: count(embCases, 0.3, 12, 2000) }, () => enterprise(random.weighted(SECTORS))),
    businesses: Array.from({ length: count(embCases, 0.04, 3, 200) }, () => person(true)),
    carriers: Array.from({ length: count(trafficCases, 0.12, 4, 300) }, () => enterprise('transport')),
    drivers: Array.from({ length: count(trafficCases, 0.5, 4, 3000) }, () => person(false)),
  };
}
