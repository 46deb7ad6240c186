// The doctor-schedules module's face: a doctor's weekly hours, time off and extra hours.
export { scheduleRoutes } from './routes.js';
export { ScheduleService } from './service.js';
