/**
 * What stays on the device (localStorage, one entry per user): the outbox always, and for a
 * mentor the pages of the field app, so a reload with no signal still shows their households.
 *
 * TanStack Query's own persister writes the cache as it changes and restores it on start; the
 * outbox's waiting writes come back paused and are resumed when the connection returns.
 */
import { createAsyncStoragePersister } from "@tanstack/query-async-storage-persister";
import { persistQueryClient, persistQueryClientSave, type PersistedClient, type PersistQueryClientOptions } from "@tanstack/query-persist-client-core";
import type { Query, QueryClient } from "@tanstack/react-query";

import { ApiError } from "@/lib/api/problem";

import { isOutbox, setOutboxOwner } from "./outbox";

const KEY_PREFIX = "bina.offline.";
const OWNER_KEY = "bina.offline-owner";
// Bump when the stored shape changes; an old store is then dropped (outbox included).
const BUSTER = "1";
// Unopened this long, the store goes (a queued visit older than this is not worth sending).
const MAX_AGE_MS = 30 * 24 * 3600_000;
// The pages a mentor needs in the field (see the routes under /my-households).
const FIELD_QUERIES = new Set(["auth", "households", "sessions", "actions", "assessments", "history", "regions", "mentors"]);

const FIELD_KEEP_MS = 24 * 3600_000;

let stop: (() => void) | null = null;
let owner: string | null = null;
let options: PersistQueryClientOptions | null = null;

/** The persisted shape is plain JSON: errors come back as ApiError so they read as before. */
function revive(client: PersistedClient): PersistedClient {
  for (const m of client.clientState.mutations) {
    const error = m.state.error as { status?: unknown; problem?: unknown } | null;
    if (error && typeof error.status === "number") {
      m.state.error = new ApiError(error.status, (error.problem as ApiError["problem"]) ?? null);
    }
  }
  return client;
}

/** A write that was on its way when the page went is waiting again after the reload. */
function serialize(client: PersistedClient): string {
  const mutations = client.clientState.mutations.map((m) =>
    m.state.status === "pending" ? { ...m, state: { ...m.state, isPaused: true } } : m,
  );
  return JSON.stringify({ ...client, clientState: { ...client.clientState, mutations } });
}

function isMentor(queryClient: QueryClient): boolean {
  return queryClient.getQueryData<{ role?: string }>(["auth", "me"])?.role === "mentor";
}

function keepQuery(queryClient: QueryClient, query: Query): boolean {
  // gcTime 0 marks what must not linger (revealed identifiers): never written down either.
  return query.state.status === "success" && query.gcTime > 0 && FIELD_QUERIES.has(String(query.queryKey[0])) && isMentor(queryClient);
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the outbox lasts until the page closes
  }
}

/** The field pages stay in memory (and so on the device) for a day, not TanStack's 5 minutes:
 * a mentor who opened a household in the morning still has it at noon without signal. */
export function keepFieldPages(queryClient: QueryClient): void {
  for (const key of FIELD_QUERIES) queryClient.setQueryDefaults([key], { gcTime: FIELD_KEEP_MS });
}

/** Load `user`'s outbox (and a mentor's field pages) and keep writing them down. A different user
 * than the one loaded starts from an empty cache; the other user's store stays for them. */
export async function startOffline(queryClient: QueryClient, user: string): Promise<void> {
  if (owner === user) return;
  stopOffline(queryClient);
  queryClient.clear();
  owner = user;
  setOutboxOwner(user);
  try {
    sessionStorage.setItem(OWNER_KEY, user);
  } catch {
    // the store still works for this page
  }
  const persister = createAsyncStoragePersister({
    storage: storage(),
    key: KEY_PREFIX + user,
    throttleTime: 200,
    serialize,
    deserialize: (text) => revive(JSON.parse(text) as PersistedClient),
  });
  options = {
    queryClient,
    persister,
    buster: BUSTER,
    maxAge: MAX_AGE_MS,
    dehydrateOptions: {
      shouldDehydrateMutation: (m) => isOutbox(m) && (m.state.status === "pending" || m.state.status === "error"),
      shouldDehydrateQuery: (q) => keepQuery(queryClient, q),
    },
  };
  const [unsubscribe, restored] = persistQueryClient(options);
  stop = unsubscribe;
  await restored.catch(() => undefined);
}

/** Restored writes are paused; TanStack resumes paused writes when the browser says "online",
 * but a page that loads online hears no such event: call once signed in (paused again offline). */
export function sendWaiting(queryClient: QueryClient): void {
  void queryClient.resumePausedMutations();
}

/** After a reload: the user this tab had loaded, if its sign-in is still there. */
export async function resumeOffline(queryClient: QueryClient): Promise<void> {
  let user: string | null;
  try {
    user = sessionStorage.getItem(OWNER_KEY);
  } catch {
    return; // no storage: nothing was kept
  }
  if (!user) return;
  await startOffline(queryClient, user);
  sendWaiting(queryClient);
}

/** Sign-out: the field pages leave the device; the outbox stays for the user's next sign-in. */
export function stopOffline(queryClient: QueryClient): void {
  if (!stop) return;
  stop();
  queryClient.getQueryCache().clear();
  if (options) void persistQueryClientSave(options); // the last write keeps only the outbox
  options = null;
  stop = null;
  owner = null;
  setOutboxOwner(null);
  queryClient.getMutationCache().clear();
  try {
    sessionStorage.removeItem(OWNER_KEY);
  } catch {
    // nothing to forget
  }
}

/** How many writes wait in this device's stores, any user's (for the sign-in page: a tab closed
 * without signal loses its sign-in, never its visits). Counts only; reads nothing else. */
export function waitingOnDevice(): number {
  const store = storage();
  if (!store) return 0;
  let count = 0;
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(KEY_PREFIX)) continue;
    try {
      const client = JSON.parse(store.getItem(key) ?? "") as PersistedClient;
      count += client.clientState.mutations.filter((m) => m.state.status === "pending" || m.state.status === "error").length;
    } catch {
      // not ours or damaged: nothing to count
    }
  }
  return count;
}
