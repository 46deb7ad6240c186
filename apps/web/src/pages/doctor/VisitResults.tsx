// The visit's diagnostic reports, released or not, as its doctor reviews them: each with its
// values and flags, and "Release to the patient" for a final report not yet released (the API
// lets the visit's doctor release; a report changed meanwhile answers 409 revision-conflict).
import type { BookingView, DiagnosticReportView } from '@medsync/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Empty, Loading } from '../../ui/Status.js';
import { Confirmation, ProblemAlert } from './feedback.js';
import { ReportView } from './ReportView.js';

const visitReports = (bookingId: string) => ['doctor-visit-results', bookingId] as const;

export function VisitResults(props: { booking: BookingView; timeZone: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { booking } = props;
  const reports = useQuery({
    queryKey: visitReports(booking.id),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/bookings/{id}/results', {
          params: { path: { id: booking.id }, query: { limit: 100 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="visit-results">
      <h2 id="visit-results">{t('doctor.visitResults.title')}</h2>
      {reports.isPending ? (
        <Loading label={t('doctor.visitResults.loading')} />
      ) : reports.error ? (
        <ProblemAlert error={reports.error} retry={() => void reports.refetch()} />
      ) : reports.data.items.length === 0 ? (
        <Empty>{t('doctor.visitResults.none')}</Empty>
      ) : (
        <ul className="list">
          {reports.data.items.map((report) => (
            <li key={report.id}>
              <ReportView report={report} timeZone={props.timeZone} />
              <ReleaseReport report={report} bookingId={booking.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReleaseReport(props: { report: DiagnosticReportView; bookingId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { report } = props;
  const [released, setReleased] = useState(false);
  const release = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/results/{id}/release', {
          params: { path: { id: report.id } },
          body: { revision: report.revision },
        }),
      ),
    onSuccess: () => {
      setReleased(true);
      void queryClient.invalidateQueries({ queryKey: visitReports(props.bookingId) });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: visitReports(props.bookingId) }),
  });
  if (released) {
    return (
      <Confirmation>{t('doctor.visitResults.released', { title: report.title })}</Confirmation>
    );
  }
  if (report.releasedAt !== null) {
    return <p className="small muted">{t('doctor.visitResults.alreadyReleased')}</p>;
  }
  if (report.status !== 'final') {
    return <p className="small muted">{t('doctor.visitResults.notFinal')}</p>;
  }
  return (
    <div className="button-row">
      {release.error ? <ProblemAlert error={release.error} /> : null}
      <button
        type="button"
        className="button"
        disabled={release.isPending}
        onClick={() => release.mutate()}
      >
        {t('doctor.visitResults.release', { title: report.title })}
      </button>
    </div>
  );
}
