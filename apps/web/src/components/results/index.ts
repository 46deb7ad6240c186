// Results as every area shows them: a report with its observations and flags, document downloads.
export { DocumentDownload } from './DocumentDownload.js';
export { isOutOfRange, rangeText, toneOf } from './flags.js';
export { ResultView } from './ResultView.js';
export { useClinic } from './useLocation.js';
