import { DIAGNOSTICS } from './catalog/diagnostics.js';
import { SCHEDULES, type ScheduleName } from './catalog/hours.js';
import { CITIES, type City, DISTRICTS } from './catalog/places.js';
import { SPECIALTIES } from './catalog/specialties.js';
import { randomFor, seededId, seededInstant } from './random.js';
import {
  diagnosticLocationRow,
  diagnosticRows,
  doctorRow,
  type NewLocation,
  type SeedSet,
  specialtyRows,
  tableOf,
  workingHourRows,
} from './rows.js';

// Scale 1 is 50 locations, each with 20 doctors and 4 of the 20 diagnostics. Row i of a table
// depends only on the seed and i, so a smaller scale is always a prefix of a larger one and
// seeding a larger scale over a smaller one only adds rows.
const LOCATIONS_PER_SCALE = 50;
const DOCTORS_PER_LOCATION = 20;
const DIAGNOSTICS_PER_LOCATION = 4;
const DEFAULT_SEED = 'medsync';

const locationCountAt = (scale: number): number =>
  Math.max(1, Math.round(scale * LOCATIONS_PER_SCALE));

/** The scale data set: fixed specialty and diagnostic catalogs plus `scale` × 50 locations. */
export function generateScale(scale: number, seed = DEFAULT_SEED): SeedSet {
  const count = locationCountAt(scale);
  let workingHoursCount = 0;
  for (let j = 0; j < count; j++) workingHoursCount += SCHEDULES[scheduleAt(seed, j)].length;
  return {
    specialties: tableOf(specialtyRows()),
    diagnostics: tableOf(diagnosticRows()),
    locations: { count, rows: () => locationsUpTo(seed, count) },
    workingHours: { count: workingHoursCount, rows: () => workingHoursUpTo(seed, count) },
    doctors: { count: count * DOCTORS_PER_LOCATION, rows: () => doctorsUpTo(seed, count) },
    diagnosticLocations: {
      count: count * DIAGNOSTICS_PER_LOCATION,
      rows: () => diagnosticLocationsUpTo(seed, count),
    },
  };
}

const cityAt = (j: number): City => CITIES[j % CITIES.length]!;
const locationId = (seed: string, j: number): string => seededId(seed, 'location', j);

/** Unique by construction: city and district cycle, then a number tells later rounds apart. */
function locationNameAt(j: number): string {
  const district = DISTRICTS[Math.floor(j / CITIES.length) % DISTRICTS.length]!;
  const round = Math.floor(j / (CITIES.length * DISTRICTS.length));
  return `MedSync ${cityAt(j).name} ${district}${round > 0 ? ` ${round + 1}` : ''}`;
}

function scheduleAt(seed: string, j: number): ScheduleName {
  const roll = randomFor(seed, 'schedule', j).next();
  if (roll < 0.1) return 'lateNight';
  if (roll < 0.3) return 'early';
  if (roll < 0.55) return 'late';
  return 'standard';
}

function locationAt(seed: string, j: number): NewLocation {
  const rng = randomFor(seed, 'location', j);
  const city = cityAt(j);
  return {
    id: locationId(seed, j),
    name: locationNameAt(j),
    address: city.address(rng.int(1, 250), rng.pick(city.streets)),
    phone: `${city.phonePrefix} ${rng.int(200, 999)} ${rng.int(1000, 9999)}`,
    timeZone: city.timeZone,
    currency: city.currency.code,
    createdAt: seededInstant(j),
    updatedAt: seededInstant(j),
  };
}

function* locationsUpTo(seed: string, count: number) {
  for (let j = 0; j < count; j++) yield locationAt(seed, j);
}

function* workingHoursUpTo(seed: string, count: number) {
  for (let j = 0; j < count; j++) {
    const location = { index: j, id: locationId(seed, j) };
    yield* workingHourRows(seed, location, SCHEDULES[scheduleAt(seed, j)]);
  }
}

function* doctorsUpTo(seed: string, locationCount: number) {
  for (let i = 0; i < locationCount * DOCTORS_PER_LOCATION; i++) {
    const j = Math.floor(i / DOCTORS_PER_LOCATION);
    const specialtyIndex = randomFor(seed, 'doctor-specialty', i).int(0, SPECIALTIES.length - 1);
    yield doctorRow(seed, i, { locationId: locationId(seed, j), city: cityAt(j), specialtyIndex });
  }
}

function* diagnosticLocationsUpTo(seed: string, count: number) {
  const all = DIAGNOSTICS.map((_, i) => i);
  for (let j = 0; j < count; j++) {
    const offered = randomFor(seed, 'location-diagnostics', j).sample(
      all,
      DIAGNOSTICS_PER_LOCATION,
    );
    const at = { locationId: locationId(seed, j), currency: cityAt(j).currency };
    for (const [m, diagnosticIndex] of offered.entries()) {
      yield diagnosticLocationRow(seed, j * DIAGNOSTICS_PER_LOCATION + m, {
        ...at,
        diagnosticIndex,
      });
    }
  }
}
