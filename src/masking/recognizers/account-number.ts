import { labelledIdentifier } from './labelled-identifier.js';

/** Account numbers (Safe Harbor 10) after "account", "acct", "billing id", "invoice number". */
export const accountNumber = labelledIdentifier({
  id: 'account-number',
  category: 'account',
  labels: String.raw`account (?:number|no\.?|#|id)|acct\.?(?: (?:number|no\.?|#))?|account|billing (?:id|number)|invoice (?:number|no\.?|#)`,
  context: ['account', 'acct', 'billing', 'invoice'],
});
