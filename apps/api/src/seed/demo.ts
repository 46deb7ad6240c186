import { DEMO_DIAGNOSTICS } from './catalog/diagnostics.js';
import { SCHEDULES, type ScheduleName } from './catalog/hours.js';
import { type City, cityNamed } from './catalog/places.js';
import { SPECIALTIES } from './catalog/specialties.js';
import { randomFor, seededId, seededInstant } from './random.js';
import {
  diagnosticLocationRow,
  diagnosticRows,
  doctorRow,
  type NewDiagnosticLocation,
  type NewDoctor,
  type NewLocation,
  type NewWorkingHours,
  type SeedSet,
  specialtyRows,
  tableOf,
  workingHourRows,
} from './rows.js';

const DEMO_SEED = 'medsync-demo';
const DOCTORS_PER_LOCATION = 8;
const DIAGNOSTICS_PER_BRANCH = 6;

interface DemoLocation {
  name: string;
  address: string;
  phone: string;
  city: City;
  schedule: ScheduleName;
}

// Five clinics in four time zones; Hamburg runs a Friday and Saturday night clinic until 02:00.
const LOCATIONS: readonly DemoLocation[] = [
  {
    name: 'MedSync Berlin Mitte',
    address: 'Friedrichstraße 68, 10117 Berlin',
    phone: '+49 30 2094 5500',
    city: cityNamed('Berlin'),
    schedule: 'standard',
  },
  {
    name: 'MedSync Hamburg Altona',
    address: 'Max-Brauer-Allee 52, 22765 Hamburg',
    phone: '+49 40 3861 2200',
    city: cityNamed('Hamburg'),
    schedule: 'lateNight',
  },
  {
    name: 'MedSync London Marylebone',
    address: '42 Harley Street, London W1G 9PR',
    phone: '+44 20 7946 0321',
    city: cityNamed('London'),
    schedule: 'early',
  },
  {
    name: 'MedSync New York Midtown',
    address: '350 West 57th Street, New York, NY 10019',
    phone: '+1 212 555 0142',
    city: cityNamed('New York'),
    schedule: 'late',
  },
  {
    name: 'MedSync Bengaluru Indiranagar',
    address: '540 100 Feet Road, Indiranagar, Bengaluru 560038',
    phone: '+91 80 4123 7788',
    city: cityNamed('Bengaluru'),
    schedule: 'standard',
  },
];

const locationId = (j: number): string => seededId(DEMO_SEED, 'location', j);

/** The demo clinic network loaded on first start and by `db:seed` without `--scale`. */
export function generateDemo(): SeedSet {
  return {
    specialties: tableOf(specialtyRows()),
    diagnostics: tableOf(diagnosticRows(DEMO_DIAGNOSTICS)),
    locations: tableOf(LOCATIONS.map(locationRow)),
    workingHours: tableOf(LOCATIONS.flatMap(workingHours)),
    doctors: tableOf(LOCATIONS.flatMap(doctorsAt)),
    diagnosticLocations: tableOf(diagnosticLocations()),
  };
}

function locationRow(location: DemoLocation, j: number): NewLocation {
  return {
    id: locationId(j),
    name: location.name,
    address: location.address,
    phone: location.phone,
    timeZone: location.city.timeZone,
    currency: location.city.currency.code,
    createdAt: seededInstant(j),
    updatedAt: seededInstant(j),
  };
}

function workingHours(location: DemoLocation, j: number): NewWorkingHours[] {
  return workingHourRows(DEMO_SEED, { index: j, id: locationId(j) }, SCHEDULES[location.schedule]);
}

/** Eight doctors per clinic; over the network every specialty is covered exactly twice. */
function doctorsAt(location: DemoLocation, j: number): NewDoctor[] {
  return Array.from({ length: DOCTORS_PER_LOCATION }, (_, k) => {
    const i = j * DOCTORS_PER_LOCATION + k;
    const at = { locationId: locationId(j), city: location.city };
    return doctorRow(DEMO_SEED, i, { ...at, specialtyIndex: i % SPECIALTIES.length });
  });
}

/** The flagship (the first clinic) offers every demo diagnostic; the others a varying six. */
function diagnosticLocations(): NewDiagnosticLocation[] {
  const all = Array.from({ length: DEMO_DIAGNOSTICS }, (_, i) => i);
  let index = 0;
  return LOCATIONS.flatMap((location, j) => {
    const offered =
      j === 0
        ? all
        : randomFor(DEMO_SEED, 'location-diagnostics', j).sample(all, DIAGNOSTICS_PER_BRANCH);
    const at = { locationId: locationId(j), currency: location.city.currency };
    return offered.map((diagnosticIndex) =>
      diagnosticLocationRow(DEMO_SEED, index++, { ...at, diagnosticIndex }),
    );
  });
}
