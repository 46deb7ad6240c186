/** How fees look in a currency: euros are converted with `perEuro` and rounded to `step`. */
export interface Currency {
  code: string;
  perEuro: number;
  step: number;
}

const EUR: Currency = { code: 'EUR', perEuro: 1, step: 5 };
const GBP: Currency = { code: 'GBP', perEuro: 0.85, step: 5 };
const USD: Currency = { code: 'USD', perEuro: 1.3, step: 5 };
const CAD: Currency = { code: 'CAD', perEuro: 1.5, step: 5 };
const CHF: Currency = { code: 'CHF', perEuro: 1.1, step: 5 };
const INR: Currency = { code: 'INR', perEuro: 25, step: 50 };
const AED: Currency = { code: 'AED', perEuro: 4, step: 10 };
const AUD: Currency = { code: 'AUD', perEuro: 1.7, step: 5 };

export interface City {
  name: string;
  timeZone: string;
  currency: Currency;
  phonePrefix: string;
  streets: readonly string[];
  address(houseNumber: number, street: string): string;
}

const german = (city: string, postcode: string) => (n: number, street: string) =>
  `${street} ${n}, ${postcode} ${city}`;
const english = (city: string, postcode: string) => (n: number, street: string) =>
  `${n} ${street}, ${city} ${postcode}`;
const american = (city: string, stateZip: string) => (n: number, street: string) =>
  `${n} ${street}, ${city}, ${stateZip}`;

/** Cities of the scale data set, spread over time zones with and without daylight saving. */
export const CITIES: readonly City[] = [
  {
    name: 'Berlin',
    timeZone: 'Europe/Berlin',
    currency: EUR,
    phonePrefix: '+49 30',
    streets: ['Friedrichstraße', 'Kantstraße', 'Schönhauser Allee', 'Karl-Marx-Straße'],
    address: german('Berlin', '10117'),
  },
  {
    name: 'Hamburg',
    timeZone: 'Europe/Berlin',
    currency: EUR,
    phonePrefix: '+49 40',
    streets: ['Mönckebergstraße', 'Osterstraße', 'Eppendorfer Weg', 'Max-Brauer-Allee'],
    address: german('Hamburg', '20095'),
  },
  {
    name: 'Munich',
    timeZone: 'Europe/Berlin',
    currency: EUR,
    phonePrefix: '+49 89',
    streets: ['Leopoldstraße', 'Sendlinger Straße', 'Rosenheimer Straße', 'Nymphenburger Straße'],
    address: german('München', '80331'),
  },
  {
    name: 'London',
    timeZone: 'Europe/London',
    currency: GBP,
    phonePrefix: '+44 20',
    streets: ['Harley Street', 'Old Street', 'Kings Road', 'Camden High Street'],
    address: english('London', 'W1G 9PF'),
  },
  {
    name: 'Manchester',
    timeZone: 'Europe/London',
    currency: GBP,
    phonePrefix: '+44 161',
    streets: ['Deansgate', 'Oxford Road', 'Wilmslow Road', 'Market Street'],
    address: english('Manchester', 'M1 1AD'),
  },
  {
    name: 'Madrid',
    timeZone: 'Europe/Madrid',
    currency: EUR,
    phonePrefix: '+34 91',
    streets: ['Calle de Alcalá', 'Gran Vía', 'Calle de Serrano', 'Paseo de la Castellana'],
    address: (n, s) => `${s} ${n}, 28001 Madrid`,
  },
  {
    name: 'Amsterdam',
    timeZone: 'Europe/Amsterdam',
    currency: EUR,
    phonePrefix: '+31 20',
    streets: ['Overtoom', 'Ferdinand Bolstraat', 'Van Baerlestraat', 'Jan Pieter Heijestraat'],
    address: (n, s) => `${s} ${n}, 1054 Amsterdam`,
  },
  {
    name: 'Zurich',
    timeZone: 'Europe/Zurich',
    currency: CHF,
    phonePrefix: '+41 44',
    streets: ['Bahnhofstrasse', 'Seefeldstrasse', 'Badenerstrasse', 'Universitätstrasse'],
    address: (n, s) => `${s} ${n}, 8001 Zürich`,
  },
  {
    name: 'New York',
    timeZone: 'America/New_York',
    currency: USD,
    phonePrefix: '+1 212',
    streets: ['West 57th Street', 'Lexington Avenue', 'Broadway', 'Amsterdam Avenue'],
    address: american('New York', 'NY 10019'),
  },
  {
    name: 'Boston',
    timeZone: 'America/New_York',
    currency: USD,
    phonePrefix: '+1 617',
    streets: ['Boylston Street', 'Beacon Street', 'Commonwealth Avenue', 'Tremont Street'],
    address: american('Boston', 'MA 02116'),
  },
  {
    name: 'Chicago',
    timeZone: 'America/Chicago',
    currency: USD,
    phonePrefix: '+1 312',
    streets: ['Michigan Avenue', 'State Street', 'Clark Street', 'Halsted Street'],
    address: american('Chicago', 'IL 60611'),
  },
  {
    name: 'Los Angeles',
    timeZone: 'America/Los_Angeles',
    currency: USD,
    phonePrefix: '+1 310',
    streets: ['Wilshire Boulevard', 'Sunset Boulevard', 'Santa Monica Boulevard', 'Vermont Avenue'],
    address: american('Los Angeles', 'CA 90024'),
  },
  {
    name: 'Toronto',
    timeZone: 'America/Toronto',
    currency: CAD,
    phonePrefix: '+1 416',
    streets: ['Yonge Street', 'Bloor Street West', 'Queen Street East', 'Spadina Avenue'],
    address: american('Toronto', 'ON M5B 2H1'),
  },
  {
    name: 'Bengaluru',
    timeZone: 'Asia/Kolkata',
    currency: INR,
    phonePrefix: '+91 80',
    streets: ['100 Feet Road', 'MG Road', 'Residency Road', 'Bannerghatta Road'],
    address: (n, s) => `${n} ${s}, Bengaluru 560038`,
  },
  {
    name: 'Mumbai',
    timeZone: 'Asia/Kolkata',
    currency: INR,
    phonePrefix: '+91 22',
    streets: ['Linking Road', 'Hill Road', 'Marine Drive', 'Peddar Road'],
    address: (n, s) => `${n} ${s}, Mumbai 400050`,
  },
  {
    name: 'Dubai',
    timeZone: 'Asia/Dubai',
    currency: AED,
    phonePrefix: '+971 4',
    streets: ['Sheikh Zayed Road', 'Al Wasl Road', 'Jumeirah Beach Road', 'Al Khail Road'],
    address: (n, s) => `Building ${n}, ${s}, Dubai`,
  },
  {
    name: 'Sydney',
    timeZone: 'Australia/Sydney',
    currency: AUD,
    phonePrefix: '+61 2',
    streets: ['George Street', 'Macquarie Street', 'Oxford Street', 'Military Road'],
    address: (n, s) => `${n} ${s}, Sydney NSW 2000`,
  },
];

// Scale locations are named "MedSync <city> <district>"; demo names use real neighbourhoods
// that are not in this list, so the two data sets never collide on the unique location name.
export const DISTRICTS: readonly string[] = [
  'Central',
  'North',
  'South',
  'East',
  'West',
  'Riverside',
  'Old Town',
  'Harbour',
  'Parkside',
  'University',
  'Station',
  'Market Square',
  'Hillside',
  'Lakeside',
  'Garden City',
  'Airport',
];

export const cityNamed = (name: string): City => {
  const city = CITIES.find((c) => c.name === name);
  if (!city) throw new Error(`unknown seed city ${name}`);
  return city;
};
