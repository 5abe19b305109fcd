import { labelledIdentifier } from './labelled-identifier.js';

/** Device identifiers (Safe Harbor 13) after "device ID", "serial number", "S/N", "UDI", "IMEI", "pacemaker/implant ID". */
export const deviceIdLabel = labelledIdentifier({
  id: 'device-id-label',
  category: 'device_id',
  labels: String.raw`device (?:id|serial|number|#)|serial (?:number|no\.?|#)|s/n|udi|imei|(?:pacemaker|implant) (?:id|serial)`,
  context: ['device', 'serial', 's/n', 'udi', 'imei', 'pacemaker', 'implant'],
});
