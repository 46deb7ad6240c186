// The patient's own record: released results with their observations and documents, the
// current prescriptions, and who has looked at or changed their data. The results come from the
// record (GET /patients/{id}/record: released reports only, with observations and documents in
// one call); current medications from the prescriptions list (current=true); the access log is
// paginated with a cursor.
import type { PrescriptionView } from '@medsync/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi, useMe } from '../../auth/session.js';
import { ResultView } from '../../components/results/index.js';
import { browserTimeZone, formatDateTime, formatPlainDate, zoneName } from '../../lib/format.js';
import { Page } from '../../ui/Page.js';
import { Empty, ErrorMessage, Loading, QueryView } from '../../ui/Status.js';
import { actionKey, whoOf, withKeys } from './access-log.js';
import './my-record.css';
import { useLocale } from '../../lib/locale.js';

export default function MyRecordPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const patientId = me?.patientId ?? null;
  return (
    <Page title={t('my-record.title')}>
      {patientId && me ? (
        <>
          <nav aria-label={t('my-record.sections')} className="record-sections">
            <ul>
              <li>
                <a href="#results-heading">{t('my-record.results')}</a>
              </li>
              <li>
                <a href="#prescriptions-heading">{t('my-record.prescriptions')}</a>
              </li>
              <li>
                <a href="#access-heading">{t('my-record.accessLog')}</a>
              </li>
            </ul>
          </nav>
          <Results patientId={patientId} />
          <Prescriptions patientId={patientId} />
          <AccessLog accountId={me.accountId} />
        </>
      ) : (
        <Empty>{t('my-record.noProfile')}</Empty>
      )}
    </Page>
  );
}

function Results(props: { patientId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const record = useQuery({
    queryKey: ['patient-record', props.patientId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/patients/{id}/record', { params: { path: { id: props.patientId } } }),
      ),
  });
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" tabIndex={-1}>
        {t('my-record.results')}
      </h2>
      <p className="muted small">{t('my-record.resultsLead')}</p>
      <QueryView query={record}>
        {(data) =>
          data.reports.length === 0 ? (
            <Empty>{t('my-record.resultsEmpty')}</Empty>
          ) : (
            <ul className="list">
              {data.reports.map((r) => (
                <li key={r.id}>
                  <ResultView report={r} heading="h3" />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}

function Prescriptions(props: { patientId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const list = useQuery({
    queryKey: ['patient-prescriptions', props.patientId, 'current'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/patients/{id}/prescriptions', {
          params: { path: { id: props.patientId }, query: { current: true, limit: 100 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="prescriptions-heading">
      <h2 id="prescriptions-heading" tabIndex={-1}>
        {t('my-record.prescriptions')}
      </h2>
      <QueryView query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('my-record.prescriptionsEmpty')}</Empty>
          ) : (
            <ul className="list">
              {data.items.map((p) => (
                <li key={p.id}>
                  <PrescriptionCard prescription={p} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}

function PrescriptionCard(props: { prescription: PrescriptionView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const p = props.prescription;
  const id = `prescription-${p.id}`;
  return (
    <article className="card prescription" aria-labelledby={id}>
      <h3 id={id}>
        {p.medication.name} {p.medication.strength}{' '}
        <span className="muted prescription-form">{p.medication.form}</span>
      </h3>
      <p>
        <span className={`badge ${p.status === 'active' ? 'ok' : 'warning'}`}>
          {t(`my-record.prescriptionStatus.${p.status}`)}
        </span>
      </p>
      <dl className="details">
        <dt>{t('my-record.dose')}</dt>
        <dd>
          {t('my-record.doseValue', { dose: p.dose, frequency: p.frequency, route: p.route })}
        </dd>
        <dt>{t('my-record.instructions')}</dt>
        <dd>{p.instructions}</dd>
        <dt>{t('my-record.valid')}</dt>
        <dd>
          {t('my-record.validRange', {
            from: formatPlainDate(p.validFrom, locale),
            until: formatPlainDate(p.validUntil, locale),
          })}
        </dd>
        <dt>{t('my-record.repeats')}</dt>
        <dd>{t('my-record.repeatsValue', { count: p.repeats })}</dd>
      </dl>
      {p.change === 'revised' && p.reason ? (
        <p className="small muted">{t('my-record.revised', { reason: p.reason })}</p>
      ) : null}
    </article>
  );
}

function AccessLog(props: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const api = useApi();
  const zone = browserTimeZone();
  const log = useInfiniteQuery({
    queryKey: ['access-log'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/me/access-log', {
          params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const who = (entry: (typeof entries)[number]) => {
    const kind = whoOf(entry, props.accountId);
    if (kind === 'you') return t('my-record.who.you');
    if (kind === 'system') return t('my-record.who.system');
    return t(`my-record.roles.${entry.actorRole}`, { defaultValue: entry.actorRole ?? '' });
  };
  const what = (action: string) => {
    const key = `my-record.actions.${actionKey(action)}`;
    return i18n.exists(key) ? t(key) : action;
  };
  return (
    <section aria-labelledby="access-heading">
      <h2 id="access-heading" tabIndex={-1}>
        {t('my-record.accessLog')}
      </h2>
      <p className="muted small">{t('my-record.accessLead', { zone: zoneName(zone, locale) })}</p>
      {log.isPending ? (
        <Loading />
      ) : log.error ? (
        <ErrorMessage error={log.error} retry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <Empty>{t('my-record.accessEmpty')}</Empty>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('my-record.accessLog')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('my-record.when')}</th>
                  <th scope="col">{t('my-record.whoHeading')}</th>
                  <th scope="col">{t('my-record.what')}</th>
                  <th scope="col">{t('my-record.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {withKeys(entries, (e) => `${e.occurredAt}|${e.action}|${e.resourceId}`).map(
                  ([key, e]) => (
                    <tr key={key}>
                      <td>
                        <time dateTime={e.occurredAt}>
                          {formatDateTime(e.occurredAt, zone, locale)}
                        </time>
                      </td>
                      <td>{who(e)}</td>
                      <td>{what(e.action)}</td>
                      <td>
                        <span className={`badge ${e.outcome === 'success' ? 'ok' : 'warning'}`}>
                          {t(`my-record.outcomes.${e.outcome}`)}
                        </span>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
          {log.hasNextPage ? (
            <p>
              <button
                type="button"
                className="button secondary"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? t('common.loading') : t('my-record.more')}
              </button>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
