/** Verify or reject one submitted session; a stale version (412) says so and offers a reload. */
import { Button, Group, Modal, Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorAlert, StaleAlert } from "@/components/states";
import { isApiError } from "@/lib/api/problem";

import type { Session } from "../api/get-sessions";
import { useReviewSession } from "../api/review-session";

export function ReviewActions({ session, onReload }: { session: Session; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const review = useReviewSession();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);

  const decide = (decision: "verify" | "reject", text?: string) =>
    review.mutate(
      { session, decision, text },
      {
        onSuccess: () => {
          setRejecting(false);
          notifications.show({ color: decision === "verify" ? "teal" : "orange", message: t(decision === "verify" ? "review.verified" : "review.rejected") });
        },
        onError: (error) => {
          if (isApiError(error, 412) || isApiError(error, 428) || isApiError(error, 409)) setRejecting(false);
        },
      },
    );

  const confirmReject = () => {
    if (!reason.trim()) {
      setReasonError(t("errors.field.missing"));
      return;
    }
    decide("reject", reason);
  };

  // 409: it is no longer waiting for review (someone reviewed it meanwhile): same as a stale copy.
  const stale = isApiError(review.error, 412) || isApiError(review.error, 428) || isApiError(review.error, 409);
  return (
    <Stack gap="xs" align="stretch">
      {stale ? (
        <StaleAlert body={t("review.staleBody")} onReload={() => void onReload().then(() => review.reset())} />
      ) : (
        review.error != null && !rejecting && <ErrorAlert error={review.error} />
      )}
      {session.status === "submitted" && !stale && (
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" color="red" leftSection={<IconX size={14} />} onClick={() => setRejecting(true)} disabled={review.isPending}>
            {t("review.reject")}
          </Button>
          <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} loading={review.isPending && !rejecting} onClick={() => decide("verify")}>
            {t("review.verify")}
          </Button>
        </Group>
      )}
      <Modal opened={rejecting} onClose={() => setRejecting(false)} title={t("review.rejectTitle")} centered>
        <Stack gap="sm">
          {review.error != null && !stale && <ErrorAlert error={review.error} />}
          <Textarea
            label={t("review.reason")}
            placeholder={t("review.reasonHint")}
            required
            autosize
            minRows={3}
            maxLength={500}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonError(null);
            }}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setRejecting(false)}>
              {t("common.cancel")}
            </Button>
            <Button color="red" loading={review.isPending} onClick={confirmReject}>
              {t("review.rejectSubmit")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
