import { MonthlyBulletins } from '../../src/publication/bulletins.js';
import type { ControlledClock } from '../../src/shared/clock.js';
import type { TestApp } from '../support/app.js';
import { COMPANY, type Staff, openCase } from '../support/cases.js';

/** A natural person's data that must never reach a public page, in any of the forms it is written in. */
export const ID_NUMBER = '11010519491231002X';
export const PHONE = '13812345678';
export const ADDRESS = '重庆市大足区龙岗街道幸福路8号';
export const PERSON = { kind: 'person', name: '李某', idNumber: ID_NUMBER, phone: PHONE, address: ADDRESS };
export const PERSONAL_FORMS = [ID_NUMBER, ID_NUMBER.slice(6, 14), PHONE, '138-1234-5678', '1234-5678', '１３８', ADDRESS, '幸福路8号', '幸福路'];

/** A company name with every character HTML treats specially: it must come out as text, never as markup. */
export const HOSTILE_NAME = `重庆"<b id='x'>粗体</b>"&amp;燃气有限公司`;

export interface PublishedFixture {
  readonly companyPenalty: { id: string; number: string };
  readonly withdrawnPenalty: { id: string; number: string; reason: string };
  readonly personLicensing: { id: string; number: string };
  /** Published decisions in all. */
  readonly total: number;
}

const WITHDRAWAL_REASON = '经复核，事实认定有误，撤销原处罚决定';
const EXTRA_LICENSING = 19;

/**
 * Publishes through the API, as officers do: a company's penalty, a natural person's penalty (published, then its
 * decision revoked and the publication withdrawn), a natural person's licensing decision, and enough companies'
 * licensing decisions to fill more than one page. Then the bulletin of 2026-03.
 */
export async function publishDecisions(t: TestApp, staff: Staff, clock: ControlledClock): Promise<PublishedFixture> {
  clock.set('2026-03-06T12:00:00+08:00');
  const officer = staff.officerA.token;
  const post = (token: string, path: string, body: object, status = 201) =>
    t.http().post(path).auth(token, { type: 'bearer' }).send(body).expect(status);

  const penalty = async (party: object, number: string, day: string, description: string): Promise<string> => {
    const caseId = await openCase(t, staff, { party, occurredAt: `2026-03-${day}T09:00:00+08:00` });
    await post(officer, `/api/cases/${caseId}/filing`, {
      occurredAt: `2026-03-${day}T09:10:00+08:00`,
      procedure: 'simple',
      violations: [{ description, legalBasis: '《中华人民共和国安全生产法》第一百零一条' }],
      approvedBy: staff.head.id,
      intendedPenalties: [{ type: 'fine', amountFen: 20_000 }],
    });
    await post(officer, `/api/cases/${caseId}/decision`, {
      occurredAt: `2026-03-${day}T09:20:00+08:00`,
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: number,
      penalties: [{ type: 'fine', amountFen: 20_000 }],
    });
    return caseId;
  };
  const licensing = async (party: object, number: string, day: string, licence: string): Promise<string> => {
    const response = await post(officer, '/api/licensing-decisions', {
      occurredAt: `2026-03-${day}T10:00:00+08:00`,
      party,
      licence,
      outcome: 'granted',
      decisionNumber: number,
    });
    return response.body.licensingId as string;
  };

  const companyNumber = '大足应急简罚〔2026〕31号';
  const companyPenalty = await penalty(COMPANY, companyNumber, '02', '未按规定对重大危险源进行检测、评估、监控');
  const personNumber = '大足应急简罚〔2026〕32号';
  const personPenalty = await penalty(
    PERSON,
    personNumber,
    '03',
    `当事人（身份证号 ${ID_NUMBER.slice(0, 6)} ${ID_NUMBER.slice(6)}，电话１３８-１２３４-５６７８，住${ADDRESS}）在经营场所违规存放易燃物品`,
  );
  const personLicensingNumber = '渝大足应急许〔2026〕41号';
  const personLicensing = await licensing(PERSON, personLicensingNumber, '03', `烟花爆竹经营（零售）许可证，经营地址${ADDRESS}，联系电话${PHONE}`);
  const extra = await Promise.all(
    Array.from({ length: EXTRA_LICENSING }, (_, i) =>
      licensing(
        { ...COMPANY, name: i === 0 ? HOSTILE_NAME : `重庆某燃气有限公司第${i + 1}分公司`, creditCode: COMPANY.creditCode },
        `渝大足应急许〔2026〕${50 + i}号`,
        i % 2 === 0 ? '04' : '05',
        '危险化学品经营许可证（乙种）',
      ),
    ),
  );
  await t.settle();

  const publish = (id: string, day: string) => post(officer, `/api/publications/${id}/publish`, { occurredAt: `2026-03-${day}T09:00:00+08:00` });
  await publish(companyPenalty, '04');
  await publish(personPenalty, '04');
  await publish(personLicensing, '05');
  await Promise.all(extra.map((id) => publish(id, '06')));
  await post(staff.head.token, `/api/cases/${personPenalty}/decision-revocations`, { occurredAt: '2026-03-06T10:00:00+08:00', reason: WITHDRAWAL_REASON });
  await t.settle();
  await post(officer, `/api/publications/${personPenalty}/withdraw`, { occurredAt: '2026-03-06T11:00:00+08:00' });

  clock.set('2026-04-01T00:00:05+08:00');
  await t.app.get(MonthlyBulletins).publish('2026-03');
  await t.settle();
  return {
    companyPenalty: { id: companyPenalty, number: companyNumber },
    withdrawnPenalty: { id: personPenalty, number: personNumber, reason: WITHDRAWAL_REASON },
    personLicensing: { id: personLicensing, number: personLicensingNumber },
    total: 3 + EXTRA_LICENSING,
  };
}
