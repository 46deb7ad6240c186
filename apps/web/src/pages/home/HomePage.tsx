// The start page: search for a doctor, browse the diagnostic tests, or find the earliest free
// time across the network for a specialty or a test.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { carry, useForPatient } from '../../components/care/care.js';
import { ForPatientBanner } from '../../components/care/ForPatientBanner.js';
import { DoctorSearchForm, EarliestForm } from '../../components/care/SearchForms.js';
import { Page } from '../../ui/Page.js';
import './home.css';

export default function HomePage() {
  const { t } = useTranslation();
  const forPatient = useForPatient();
  return (
    <Page title={t('home.title')}>
      <p className="lead">{t('home.lead')}</p>
      <ForPatientBanner patientId={forPatient} />
      <div className="home-entries">
        <section className="card" aria-labelledby="home-doctors">
          <h2 id="home-doctors">{t('home.doctorsTitle')}</h2>
          <DoctorSearchForm
            idPrefix="home"
            forPatient={forPatient}
            initial={{ specialty: '', location: '', q: '' }}
          />
        </section>
        <section className="card" aria-labelledby="home-earliest">
          <h2 id="home-earliest">{t('home.earliestTitle')}</h2>
          <p className="muted">{t('home.earliestLead')}</p>
          <EarliestForm
            idPrefix="home-earliest"
            forPatient={forPatient}
            initial={{ subject: '', location: '' }}
          />
        </section>
        <section className="card" aria-labelledby="home-diagnostics">
          <h2 id="home-diagnostics">{t('home.diagnosticsTitle')}</h2>
          <p className="muted">{t('home.diagnosticsLead')}</p>
          <Link href={carry('/diagnostics', forPatient)} className="button secondary">
            {t('home.diagnosticsLink')}
          </Link>
        </section>
      </div>
    </Page>
  );
}
