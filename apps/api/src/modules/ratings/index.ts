// The ratings module's face: patients' ratings of doctors, their moderation and import.
export { RatingImports } from './imports.js';
export { ratingRoutes } from './routes.js';
export { RatingService } from './service.js';
