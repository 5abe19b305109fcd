import { accountNumber } from './account-number.js';
import { addressLabel } from './address-label.js';
import { ageOver89 } from './age-over-89.js';
import { cityState } from './city-state.js';
import { dayMonthDate } from './day-month-date.js';
import { deviceIdLabel } from './device-id-label.js';
import { deviceSerial } from './device-serial.js';
import { email } from './email.js';
import { healthPlanId } from './health-plan-id.js';
import { healthPlanIdInProse } from './health-plan-id-in-prose.js';
import { ipAddress } from './ip-address.js';
import { ipv6Address } from './ipv6-address.js';
import { isoDate } from './iso-date.js';
import { licenceNumber } from './licence-number.js';
import { licencePlate } from './licence-plate.js';
import { medicareBeneficiaryId } from './medicare-beneficiary-id.js';
import { monthDayDate } from './month-day-date.js';
import { monthYearDate } from './month-year-date.js';
import { mrn } from './mrn.js';
import { numericDate } from './numeric-date.js';
import { otherId } from './other-id.js';
import { phoneNumber } from './phone-number.js';
import { providerNpi } from './provider-npi.js';
import type { RecognizerDeclaration } from './recognizer.js';
import { ssnLabel } from './ssn-label.js';
import { streetAddress } from './street-address.js';
import { streetInProse } from './street-in-prose.js';
import { streetName } from './street-name.js';
import { url } from './url.js';
import { usSsn } from './us-ssn.js';
import { vehicleIdLabel } from './vehicle-id-label.js';
import { vin } from './vin.js';
import { zipAfterState } from './zip-after-state.js';
import { zipLabel } from './zip-label.js';
import { zipPlus4 } from './zip-plus4.js';

/**
 * Wardgate's recognizers, in the order they run. Order only breaks ties: overlapping spans are
 * resolved by priority, then length, then position, and of two equal spans the first found wins
 * (a labelled `serial number 12345` is `device-id-label`'s, not `device-serial`'s). The labelled
 * identifiers (mrn ... other-id) are one group: one pattern, where the first label wins.
 */
export const BUILT_IN_RECOGNIZERS: readonly RecognizerDeclaration[] = [
  email,
  url,
  usSsn,
  phoneNumber,
  isoDate,
  numericDate,
  monthDayDate,
  dayMonthDate,
  monthYearDate,
  ipAddress,
  ageOver89,
  mrn,
  healthPlanId,
  accountNumber,
  licenceNumber,
  providerNpi,
  vehicleIdLabel,
  deviceIdLabel,
  ssnLabel,
  otherId,
  vin,
  medicareBeneficiaryId,
  healthPlanIdInProse,
  deviceSerial,
  licencePlate,
  streetName,
  streetInProse,
  ipv6Address,
  zipAfterState,
  zipLabel,
  zipPlus4,
  streetAddress,
  cityState,
  addressLabel,
];
