// Pieces every front-desk page uses: the staff member's locations and the picker between them,
// the doctors of a location, problems in the desk's words, and the confirmation dialog.
import type { DoctorSummaryView, LocationView } from '@medsync/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { problemMessage } from '../../api/problem.js';
import { useApi, useMe } from '../../auth/session.js';
import { ErrorMessage } from '../../ui/Status.js';

/** The locations of the signed-in staff member, in their scope's order, once all have loaded. */
export function useStaffLocations(): {
  locations: LocationView[];
  isPending: boolean;
  error: unknown;
} {
  const api = useApi();
  const { me } = useMe();
  const ids = me?.locationIds ?? [];
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['public', 'location', id],
      queryFn: () => unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
    })),
  });
  const error = results.find((r) => r.error)?.error ?? null;
  const isPending = me === null || results.some((r) => r.isPending);
  const locations = results.flatMap((r) => (r.data ? [r.data] : []));
  return { locations, isPending, error };
}

/** The doctors working at a location, by name. */
export function useLocationDoctors(locationId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['public', 'doctors', 'location', locationId],
    enabled: locationId !== undefined,
    queryFn: async (): Promise<DoctorSummaryView[]> => {
      const page = await unwrap(
        api.GET('/api/v1/doctors', {
          params: { query: { locationId: locationId ?? '', limit: 100, status: 'all' } },
        }),
      );
      return page.items;
    },
  });
}

export function LocationPicker(props: {
  locations: readonly LocationView[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (props.locations.length < 2) {
    const only = props.locations[0];
    return only ? <p className="desk-location">{only.name}</p> : null;
  }
  return (
    <label className="field desk-picker">
      <span>{t('desk.location')}</span>
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A problem's text: the desk's own words for the codes it meets, else the shared ones. */
export function deskProblem(t: TFunction, error: unknown): string {
  return problemMessage(t, error, 'desk');
}

export function DeskError(props: { error: unknown }) {
  return <ErrorMessage error={props.error} area="desk" />;
}

/** Asks before a change that cannot be undone; the focus starts on "keep" (the safe choice). */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  isOpen: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ModalOverlay
      className="desk-overlay"
      isOpen={props.isOpen}
      isDismissable
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
    >
      <Modal className="desk-modal">
        <Dialog role="alertdialog" className="desk-dialog">
          <Heading slot="title">{props.title}</Heading>
          {props.children}
          <div className="button-row">
            {/* biome-ignore lint/a11y/noAutofocus: the dialog's safe choice takes the focus */}
            <button type="button" className="button secondary" autoFocus onClick={props.onClose}>
              {t('desk.keep')}
            </button>
            <button
              type="button"
              className="button danger"
              disabled={props.pending}
              onClick={props.onConfirm}
            >
              {props.confirmLabel}
            </button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The location to show: the one asked for when it is one of the staff member's, else the first. */
export function chooseLocation(
  locations: readonly LocationView[],
  wanted: string | null,
): LocationView | undefined {
  return locations.find((l) => l.id === wanted) ?? locations[0];
}
