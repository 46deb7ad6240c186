// The bookings module's face: creating and moving bookings, reading them, their lifecycle.

export { bookingsForRecord, cancelFutureBookingsOf } from './for-records.js';
export { BookingLifecycle } from './lifecycle.js';
export { BookingQueries } from './queries.js';
export { bookingRoutes } from './routes.js';
export { BookingService } from './service.js';
export { bookingStatusRoutes } from './status-routes.js';
export { type BookingStores, bookingStores } from './stores.js';
