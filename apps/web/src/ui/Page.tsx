// A page's frame: its title in the tab and in one <h1>, which takes the focus when the page opens
// so that a screen reader announces where the user has arrived and Tab continues from there.
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function Page(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title, t]);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
