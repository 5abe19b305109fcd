import { labelledIdentifier } from './labelled-identifier.js';

/** Vehicle identifiers (Safe Harbor 12) after "vehicle id", "licence plate", "plate number", "VIN". */
export const vehicleIdLabel = labelledIdentifier({
  id: 'vehicle-id-label',
  category: 'vehicle_id',
  labels: String.raw`vehicle (?:id|identification number)|licen[cs]e plate|plate (?:number|no\.?|#)|vin`,
  context: ['vehicle', 'licence', 'license', 'plate', 'vin'],
});
