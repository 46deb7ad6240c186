// How long a hold still lasts: a visible mm:ss clock, and for screen readers a polite message at
// the start and once a minute (and at 30 seconds), never every second.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

function spoken(remainingMs: number): number | null {
  const seconds = Math.ceil(remainingMs / 1000);
  if (seconds <= 0) return 0;
  if (seconds === 30) return 30;
  return seconds % 60 === 0 ? seconds : null;
}

export function HoldCountdown(props: { deadline: number; onExpire: () => void }) {
  const { t } = useTranslation();
  const { deadline, onExpire } = props;
  const [now, setNow] = useState(() => Date.now());
  const [announcement, setAnnouncement] = useState(() =>
    t('slots.holdAnnounceMinutes', {
      count: Math.max(1, Math.round((deadline - Date.now()) / 60_000)),
    }),
  );
  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      const mark = spoken(deadline - at);
      if (mark === 0) {
        clearInterval(timer);
        onExpire();
      } else if (mark === 30) setAnnouncement(t('slots.holdAnnounceSeconds', { count: 30 }));
      else if (mark !== null) setAnnouncement(t('slots.holdAnnounceMinutes', { count: mark / 60 }));
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline, onExpire, t]);
  const remaining = Math.max(0, Math.ceil((deadline - now) / 1000));
  const clock = `${Math.floor(remaining / 60)}:${String(remaining % 60).padStart(2, '0')}`;
  return (
    <>
      <p className="hold-clock">{t('slots.holdClock', { clock })}</p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
