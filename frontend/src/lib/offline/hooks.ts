/** The outbox as the pages see it: what waits, what the API refused, and whether we are online. */
import { notifications } from "@mantine/notifications";
import { onlineManager, useMutationState, useQueryClient } from "@tanstack/react-query";
import { useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

import { fieldErrors } from "@/lib/api/messages";

import { OUTBOX, outboxOwner, submitToOutbox, type OutboxJob, type OutboxMutation, type SubmitHandlers } from "./outbox";

export type OutboxItem = {
  mutation: OutboxMutation;
  job: OutboxJob;
  /** Not yet accepted nor refused. */
  waiting: boolean;
  /** The API's refusal (a 4xx), for the mentor to read. */
  error: unknown;
};

/** The signed-in user's outbox, oldest first: waiting writes and refused ones. */
export function useOutbox(): OutboxItem[] {
  const owner = outboxOwner() ?? "";
  return useMutationState({
    filters: {
      mutationKey: [OUTBOX],
      predicate: (m) => (m.state.status === "pending" || m.state.status === "error") && (m.state.variables as OutboxJob | undefined)?.owner === owner,
    },
    // Plain values (not the mutation alone): the list changes whenever one of them does.
    select: (m) => ({
      mutation: m as unknown as OutboxMutation,
      job: m.state.variables as OutboxJob,
      waiting: m.state.status === "pending",
      error: m.state.status === "error" ? m.state.error : null,
    }),
  });
}

/** What the browser last said about the connection (TanStack pauses writes while offline). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
    () => true,
  );
}

type NewJob = DistributiveOmit<OutboxJob, "owner" | "queuedAt">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A form's submit through the outbox; `sending` until the first outcome (see submitToOutbox). */
export function useOutboxSubmit() {
  const queryClient = useQueryClient();
  const [sending, setSending] = useState(false);
  const submit = (job: NewJob, handlers: SubmitHandlers) => {
    setSending(true);
    const then =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A) => {
        setSending(false);
        fn(...args);
      };
    const full = { ...job, owner: outboxOwner() ?? "", queuedAt: new Date().toISOString() } as OutboxJob;
    submitToOutbox(queryClient, full, { onSent: then(handlers.onSent), onQueued: then(handlers.onQueued), onRefused: then(handlers.onRefused) });
  };
  return { submit, sending };
}

/** A field form's submit through the outbox: sent -> `onSent` then `onDone`; no signal -> it waits
 * on the device, the mentor is told so and the form closes; refused at once -> the API's reasons
 * on the fields they name, or in `otherError` when no field of this form is named. */
export function useOutboxForm(form: { setErrors: (errors: Record<string, string>) => void }, onDone: () => void) {
  const { t } = useTranslation();
  const { submit, sending } = useOutboxSubmit();
  const [otherError, setOtherError] = useState<unknown>(null);
  const send = (job: NewJob, values: object, onSent: (data: unknown) => void) => {
    setOtherError(null);
    submit(job, {
      onSent: (data) => {
        onSent(data);
        onDone();
      },
      onQueued: () => {
        notifications.show({ color: "orange", title: t("outbox.queuedTitle"), message: t("outbox.queuedBody") });
        onDone();
      },
      onRefused: (error) => {
        const byField = fieldErrors(t, error);
        form.setErrors(byField);
        const onForm = Object.keys(byField).some((k) => k.split(".")[0]! in values);
        setOtherError(onForm ? null : error);
      },
    });
  };
  return { send, sending, otherError };
}
