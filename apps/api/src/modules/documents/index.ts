// The documents module's face: what the rest of the service may use.
export { documentRoutes } from './routes.js';
export {
  type DocumentDownload,
  DocumentService,
  presentDocument,
  type Upload,
} from './service.js';
export {
  DatabaseDocumentStorage,
  type DocumentStorage,
  documentStorageFor,
  FilesystemDocumentStorage,
} from './storage.js';
