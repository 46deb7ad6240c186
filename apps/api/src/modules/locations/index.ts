// The locations module's face: its service and routes, and the rules of weekly working hours
// that doctors' schedules and availability share.
export { locationRoutes } from './routes.js';
export { LocationService } from './service.js';
export {
  checkWeek,
  describeInterval,
  sortIntervals,
  type WorkingInterval,
  weekMinutes,
} from './working-hours.js';
