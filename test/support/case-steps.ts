import type { TestApp } from './app.js';
import { COMPANY, type Staff, openCase, approveLegalReview, fileCase, submitLegalReview } from './cases.js';

export const VIOLATION = { description: '未按规定对从业人员进行安全生产教育和培训', legalBasis: '《安全生产法》（2014年修正）第二十五条' };

/** An instant on a Shanghai calendar date. */
export const at = (date: string, time = '10:00'): string => `${date}T${time}:00+08:00`;

/**
 * The steps of a general-procedure case as its officers record them over HTTP, for tests that walk cases of given
 * dates. The app and staff are read when a step runs, so the helpers can be made before `beforeAll` sets them.
 */
export function caseSteps(app: () => TestApp, people: () => Staff) {
  const post = (token: string, path: string, body: object) => app().http().post(path).auth(token, { type: 'bearer' }).send(body);

  /** Opens and files a general-procedure case on `openedOn` and notifies the party of `penalties`; returns the case id. */
  async function noticedCase(openedOn: string, noticedOn: string, penalties: object[], party: object = COMPANY): Promise<string> {
    const staff = people();
    const caseId = await openCase(app(), staff, { occurredAt: at(openedOn, '09:00'), party });
    await fileCase(app(), staff, caseId, { occurredAt: at(openedOn, '11:00'), violations: [VIOLATION] });
    await post(staff.officerA.token, `/api/cases/${caseId}/penalty-notice`, {
      occurredAt: at(noticedOn, '14:00'),
      penalties,
      discretion: 'standard',
      legalBasis: '《安全生产法》（2014年修正）第九十四条',
    }).expect(201);
    return caseId;
  }

  /** Legal review submitted by an officer of the case and approved by a reviewer on `on`. */
  async function reviewed(caseId: string, on: string, penalties: object[]): Promise<{ reviewId: string; round: number }> {
    const staff = people();
    const submitted = await submitLegalReview(app(), staff, caseId, {
      occurredAt: at(on, '09:00'),
      proposedDecision: { outcome: 'penalty', penalties, discretion: 'standard' },
    });
    await approveLegalReview(app(), staff, submitted.reviewId, at(on, '10:00'));
    return submitted;
  }

  /** The head's decision and its delivery in person, on `decidedOn`. */
  async function decideAndDeliver(caseId: string, decidedOn: string, number: string, penalties: object[]): Promise<void> {
    const staff = people();
    await post(staff.head.token, `/api/cases/${caseId}/decision`, {
      occurredAt: at(decidedOn, '15:00'),
      outcome: 'penalty',
      decisionNumber: number,
      penalties,
    }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/delivery`, { occurredAt: at(decidedOn, '16:00'), method: 'in_person' }).expect(201);
  }

  /** Decision, delivery, payment in full the same day and closure. */
  async function decideAndExecute(caseId: string, decidedOn: string, number: string, penalties: object[], amountFen: number): Promise<void> {
    const staff = people();
    await decideAndDeliver(caseId, decidedOn, number, penalties);
    await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: at(decidedOn, '17:00'), amountFen }).expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at(decidedOn, '18:00') }).expect(201);
  }

  return { at, noticedCase, reviewed, decideAndDeliver, decideAndExecute };
}
