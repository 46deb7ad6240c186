// Downloads a report's document. The content needs the bearer token, so it is fetched with the
// API client as a blob and handed to the browser through a temporary object URL on an
// `<a download>` (a navigation to a blob: URL would need the CSP to allow it; a download does not).
import type { ReportDocumentView } from '@medsync/contracts';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { formatNumber } from '../../lib/format.js';
import { useLocale } from '../../lib/locale.js';
import { ErrorMessage } from '../../ui/Status.js';

function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; give the browser a moment before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DocumentDownload(props: { document: ReportDocumentView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const { document: doc } = props;
  const download = useMutation({
    mutationFn: () =>
      unwrap(
        api.GET('/api/v1/documents/{id}/content', {
          params: { path: { id: doc.id } },
          parseAs: 'blob',
        }),
      ),
    onSuccess: (blob) => saveBlob(blob as Blob, doc.fileName),
  });
  const size = formatNumber(Math.max(1, Math.round(doc.byteSize / 1024)), locale);
  return (
    <div className="result-document">
      <button
        type="button"
        className="button secondary"
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {t('results.download', { fileName: doc.fileName })}
      </button>
      <span className="muted small">{t('results.documentSize', { size })}</span>
      <span role="status" className="small">
        {download.isPending ? t('results.downloading') : null}
        {download.isSuccess ? t('results.downloaded', { fileName: doc.fileName }) : null}
      </span>
      {download.error ? <ErrorMessage error={download.error} /> : null}
    </div>
  );
}
