// Results at the desk (the lab): find the patient, see all their reports (unreleased ones too),
// write a report for a visit, revise a preliminary one to final, attach a file, release it.
import type { PatientSummaryView } from '@medsync/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { Page } from '../../ui/Page.js';
import { Empty, QueryView } from '../../ui/Status.js';
import { NewReport } from './NewReport.js';
import { PatientFinder } from './PatientFinder.js';
import { ReportCard } from './ReportCard.js';
import './desk.css';

type Patient = Pick<PatientSummaryView, 'id' | 'fullName'>;

export default function DeskResultsPage() {
  const { t } = useTranslation();
  const [patient, setPatient] = useState<Patient | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (patient) heading.current?.focus();
  }, [patient]);
  return (
    <Page title={t('desk.results.title')}>
      <PatientFinder
        headingId="desk-results-find"
        actions={(p) => (
          <button
            type="button"
            className="button"
            aria-label={t('desk.results.showFor', { name: p.fullName })}
            onClick={() => setPatient({ id: p.id, fullName: p.fullName })}
          >
            {t('desk.results.show')}
          </button>
        )}
      />
      {patient ? (
        <section aria-labelledby="desk-results-of" className="desk-results">
          <h2 id="desk-results-of" ref={heading} tabIndex={-1}>
            {t('desk.results.of', { name: patient.fullName })}
          </h2>
          <PatientResults key={patient.id} patient={patient} />
        </section>
      ) : null}
    </Page>
  );
}

function PatientResults(props: { patient: Patient }) {
  const { t } = useTranslation();
  const api = useApi();
  const [announcement, setAnnouncement] = useState('');
  const reports = useQuery({
    queryKey: ['desk', 'results', props.patient.id],
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/patients/{id}/results', {
            params: { path: { id: props.patient.id }, query: { limit: 100 } },
          }),
        )
      ).items,
  });
  return (
    <>
      <p className="desk-announce" role="status">
        {announcement}
      </p>
      <QueryView query={reports} loadingLabel={t('desk.results.loading')}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{t('desk.results.none')}</Empty>
          ) : (
            <ul className="list">
              {items.map((report) => (
                <li key={report.id}>
                  <ReportCard report={report} announce={setAnnouncement} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <NewReport patientId={props.patient.id} announce={setAnnouncement} />
    </>
  );
}
