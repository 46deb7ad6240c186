// An observation's flag in words: a badge with the short word (and the lab's letter for those who
// know it) and a sentence saying what it means against the range the server judged it by.
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../lib/locale.js';
import { flagSeverity, formatDecimal, type Observation } from './results.js';

export function Flag(props: { observation: Observation }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { interpretation, referenceRange: range } = props.observation;
  const key = interpretation ?? 'none';
  const limit =
    interpretation === 'LL'
      ? range?.criticalLow
      : interpretation === 'HH'
        ? range?.criticalHigh
        : null;
  const explanation = t(`doctor.flags.explain.${key}`, {
    limit: limit ? formatDecimal(limit, locale) : '',
    unit: props.observation.unit ?? '',
    expected: range?.text ?? '',
  });
  return (
    <span className="flag">
      <span className={`badge ${flagSeverity(interpretation)}`}>
        {t(`doctor.flags.name.${key}`)}
        {interpretation ? ` (${interpretation})` : null}
      </span>{' '}
      <span className="small">{explanation}</span>
    </span>
  );
}
