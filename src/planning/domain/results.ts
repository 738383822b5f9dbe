import type { OpenedCase } from '../../cases/domain/case.js';
import type { InspectionResult } from './plan.js';

/** What a drawn inspection came to, as published with the plan's results (检查结果). */
export function conclusionOf(state: OpenedCase): InspectionResult['conclusion'] {
  if (state.decision?.outcome === 'penalty' && !state.revocation) return 'penalty_decided';
  if (state.filing) return 'case_filed';
  if (state.hazards.length === 0) return 'no_hazards';
  return state.hazards.every((h) => h.rectification === 'rectified') ? 'hazards_rectified' : 'rectification_pending';
}
