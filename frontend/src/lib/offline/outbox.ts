/**
 * The outbox: visits and assessments a mentor records, kept on the device until the API has them.
 *
 * Each write is a TanStack Query mutation under the key `["outbox", kind]`, run one after another
 * (one mutation scope). With no connection TanStack pauses it; a send that fails on the network is
 * retried with growing pauses; either way it counts as waiting. `./persist` writes waiting and
 * refused writes to the device and resumes them after a reload. Resending is safe: a visit carries
 * its client-made id and an assessment its Idempotency-Key, so the API records each once.
 */
import type { Mutation, QueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import { isApiError } from "@/lib/api/problem";
import type { components } from "@/lib/api/schema";

export type SessionCreate = components["schemas"]["SessionCreate"] & { id: string };
export type AssessmentCreate = components["schemas"]["AssessmentCreate"];

export const OUTBOX = "outbox";
// A request on a weak signal can hang for minutes: give up on it and try again later (the API
// may have recorded it meanwhile; the resend then gets the stored answer).
const SEND_TIMEOUT_MS = 30_000;
const MAX_SERVER_ATTEMPTS = 6;

type JobBase = {
  /** The user who recorded it: only sent under their own sign-in. */
  owner: string;
  householdId: string;
  /** Shown in the waiting list: whose household (the mentor's own, already on the device). */
  householdName: string;
  queuedAt: string;
};
export type SessionJob = JobBase & { kind: "session"; body: SessionCreate };
export type AssessmentJob = JobBase & { kind: "assessment"; idempotencyKey: string; body: AssessmentCreate };
export type OutboxJob = SessionJob | AssessmentJob;
export type OutboxMutation = Mutation<unknown, unknown, OutboxJob>;

/** Sending a job that is no longer the signed-in user's (they signed out, or someone else signed
 * in): never retried; their copy on the device waits for them. */
export class NotOwnerError extends Error {
  constructor() {
    super("not the signed-in user's write");
    this.name = "NotOwnerError";
  }
}

let activeOwner: string | null = null;

/** Whose outbox runs in this tab (set by ./persist when a user's outbox is loaded). */
export function setOutboxOwner(owner: string | null): void {
  activeOwner = owner;
}

export function outboxOwner(): string | null {
  return activeOwner;
}

function send(job: OutboxJob): Promise<unknown> {
  if (job.owner !== (activeOwner ?? "")) return Promise.reject(new NotOwnerError());
  const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
  if (job.kind === "session") {
    // 201 the first time, 200 when the API already holds this id with this body: both succeed.
    return unwrap(api.POST("/api/v1/mentoring-sessions", { body: job.body, signal }));
  }
  return unwrap(
    api.POST("/api/v1/households/{household_id}/assessments", {
      params: { path: { household_id: job.householdId } },
      body: job.body,
      headers: { "Idempotency-Key": job.idempotencyKey },
      signal,
    }),
  );
}

/** Worth another try later: no answer at all, the server's own trouble, or a sign-in to renew.
 * Any other answer (4xx) is the API refusing this write: the mentor has to see it. */
export function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof NotOwnerError) return false;
  if (!isApiError(error)) return true;
  if (error.status === 401) return true;
  if (error.status === 408 || error.status === 429 || error.status >= 500) return failures < MAX_SERVER_ATTEMPTS;
  return false;
}

/** 2 s, 4 s, 8 s ... at most a minute between tries. */
export function retryDelay(failures: number): number {
  return Math.min(1_000 * 2 ** failures, 60_000);
}

/** Waiting: not yet accepted, nor refused. A refused one (error) waits for the mentor instead. */
export function isWaiting(m: Pick<OutboxMutation, "state">): boolean {
  return m.state.status === "pending";
}

export function isOutbox(m: { options: { mutationKey?: readonly unknown[] } }): boolean {
  return m.options.mutationKey?.[0] === OUTBOX;
}

/** How each outbox job is sent, for jobs made now and jobs restored from the device. */
export function registerOutbox(queryClient: QueryClient): void {
  queryClient.setMutationDefaults([OUTBOX], {
    mutationFn: (job: OutboxJob) => send(job),
    retry: shouldRetry,
    retryDelay,
    // One at a time, in the order recorded: a visit's next visit date before the next visit.
    scope: { id: OUTBOX },
    // A refused write stays until the mentor has seen it and chosen what to do.
    gcTime: Infinity,
    onSuccess: (_data: unknown, job: OutboxJob) => {
      const id = job.householdId;
      void queryClient.invalidateQueries({ queryKey: ["sessions"] });
      void queryClient.invalidateQueries({ queryKey: ["households"] });
      void queryClient.invalidateQueries({ queryKey: ["actions", id] });
      void queryClient.invalidateQueries({ queryKey: ["assessments", id] });
    },
  });
}

export type SubmitHandlers = {
  /** The API has it. */
  onSent: (data: unknown) => void;
  /** No answer: it is on the device and will be sent by itself. */
  onQueued: () => void;
  /** The API refused it at once: the form shows why (nothing is kept). */
  onRefused: (error: unknown) => void;
};

/** Put a job in the outbox and tell the form which of the three outcomes came first. */
export function submitToOutbox(queryClient: QueryClient, job: OutboxJob, handlers: SubmitHandlers): void {
  const cache = queryClient.getMutationCache();
  const mutation = cache.build(queryClient, { mutationKey: [OUTBOX, job.kind] }) as unknown as OutboxMutation;
  let decided = false;
  const decide = (run: () => void) => {
    if (decided) return;
    decided = true;
    unsubscribe();
    run();
  };
  const unsubscribe = cache.subscribe((event) => {
    if (event.mutation !== (mutation as unknown)) return;
    const { isPaused, status, failureCount } = mutation.state;
    if (status === "pending" && (isPaused || failureCount > 0)) decide(handlers.onQueued);
  });
  mutation.execute(job).then(
    (data) => decide(() => handlers.onSent(data)),
    (error: unknown) =>
      decide(() => {
        cache.remove(mutation as unknown as Mutation);
        handlers.onRefused(error);
      }),
  );
}

/** Send a refused job again (after the reason went away), as the same write. */
export function resend(queryClient: QueryClient, mutation: OutboxMutation): void {
  const job = mutation.state.variables;
  if (!job) return;
  const cache = queryClient.getMutationCache();
  cache.remove(mutation as unknown as Mutation);
  const again = cache.build(queryClient, { mutationKey: [OUTBOX, job.kind] }) as unknown as OutboxMutation;
  void again.execute(job).catch(() => undefined);
}

export function discard(queryClient: QueryClient, mutation: OutboxMutation): void {
  queryClient.getMutationCache().remove(mutation as unknown as Mutation);
}
