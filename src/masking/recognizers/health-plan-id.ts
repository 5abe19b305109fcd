import { labelledIdentifier } from './labelled-identifier.js';

/** Health plan beneficiary numbers (Safe Harbor 9) after "member ID", "subscriber", "policy", "insurance", "Medicaid", "Medicare", "group number", "plan id", "MBI", "HICN". */
export const healthPlanId = labelledIdentifier({
  id: 'health-plan-id',
  category: 'health_plan_id',
  labels: String.raw`member (?:id|number|no\.?|#)|subscriber (?:id|number|no\.?|#)|policy (?:id|number|no\.?|#)|insurance (?:id|number|no\.?|#)|medicaid(?: (?:id|number|no\.?|#))?|medicare(?: (?:id|number|no\.?|#))?|group (?:number|no\.?|#)|plan id|beneficiary id|mbi|hicn`,
  context: ['member', 'subscriber', 'policy', 'insurance', 'medicaid', 'medicare', 'group', 'plan', 'beneficiary', 'mbi', 'hicn'],
});
