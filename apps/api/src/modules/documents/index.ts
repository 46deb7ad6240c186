// The documents module's face: what the rest of the service may use.
export { documentRoutes } from './routes.js';
export { type DocumentDownload, DocumentService } from './service.js';
export {
  DatabaseDocumentStorage,
  type DocumentStorage,
  documentStorageFor,
  FilesystemDocumentStorage,
} from './storage.js';
export { presentDocument, type Upload } from './uploads.js';
