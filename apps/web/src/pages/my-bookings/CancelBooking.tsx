// Cancelling a booking: a confirmation in a modal dialog (react-aria: focus kept inside, Escape
// closes, focus goes back), then POST /bookings/{id}/cancel with the version read. The API's
// refusals (too late, changed meanwhile) are told in plain words inside the dialog.
import type { BookingView } from '@medsync/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.js';
import { useApi } from '../../auth/session.js';
import { ProblemAlert } from './ProblemAlert.js';

export function CancelBooking(props: {
  booking: BookingView;
  what: string;
  when: string;
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/bookings/{id}/cancel', {
          params: { path: { id: props.booking.id } },
          body: { version: props.booking.version },
        }),
      ),
    onSuccess: () => {
      setOpen(false);
      props.onCancelled();
    },
  });
  return (
    <DialogTrigger
      isOpen={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) cancel.reset();
      }}
    >
      <Button className="button secondary danger-text">{t('my-bookings.cancel')}</Button>
      <ModalOverlay className="modal-overlay" isDismissable={!cancel.isPending}>
        <Modal className="modal">
          <Dialog className="dialog" role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title" level={2}>
                  {t('my-bookings.cancelTitle')}
                </Heading>
                <p>{t('my-bookings.cancelQuestion', { what: props.what, when: props.when })}</p>
                <p className="muted small">{t('my-bookings.cancelHint')}</p>
                {cancel.error ? <ProblemAlert error={cancel.error} area="my-bookings" /> : null}
                <div className="button-row">
                  <Button className="button secondary" onPress={close} autoFocus>
                    {t('my-bookings.keep')}
                  </Button>
                  <Button
                    className="button danger"
                    onPress={() => cancel.mutate()}
                    isDisabled={cancel.isPending}
                  >
                    {cancel.isPending
                      ? t('my-bookings.cancelling')
                      : t('my-bookings.confirmCancel')}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
