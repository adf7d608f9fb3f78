/** The typed API client (types generated from openapi.json) with bearer auth and silent refresh. */
import createClient from "openapi-fetch";

import { accessTokenFresh, clearSession, refreshSession, setTokenExchange, type TokenPair } from "@/lib/auth/session";

import { ApiError, type Problem } from "./problem";
import type { paths } from "./schema";

const TOKEN_PATH = "/api/v1/auth/token";

function isTokenRequest(request: Request): boolean {
  return new URL(request.url).pathname === TOKEN_PATH;
}

/** Every call: the current access token; on 401, one silent refresh and one retry; else sign-out. */
async function authFetch(request: Request): Promise<Response> {
  if (isTokenRequest(request)) return fetch(request);
  const retry = request.clone();
  const token = await accessTokenFresh();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !token) return response;
  if (!(await refreshSession())) {
    clearSession();
    return response;
  }
  const fresh = await accessTokenFresh();
  if (fresh) retry.headers.set("Authorization", `Bearer ${fresh}`);
  const second = await fetch(retry);
  if (second.status === 401) clearSession();
  return second;
}

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  fetch: authFetch,
});

/** The OAuth2 token endpoint takes a form, not JSON: spread into the call's options. */
export const FORM = {
  bodySerializer: (body: object | undefined): URLSearchParams =>
    new URLSearchParams(Object.entries(body ?? {}).filter(([, v]) => v != null) as [string, string][]),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
};

setTokenExchange(async (refreshToken) => {
  const { data } = await api.POST("/api/v1/auth/token", {
    body: { grant_type: "refresh_token", refresh_token: refreshToken },
    ...FORM,
  });
  return (data as TokenPair | undefined) ?? null;
});

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an ApiError carrying its problem+json. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = error && typeof error === "object" ? (error as Problem) : null;
  throw new ApiError(response.status, problem);
}

/** Like `unwrap`, also returning the ETag a later PATCH must send back as If-Match. */
export async function unwrapWithEtag<T>(call: Promise<Result<T>>): Promise<{ data: T; etag: string }> {
  const result = await call;
  const data = await unwrap(Promise.resolve(result));
  return { data, etag: result.response.headers.get("ETag") ?? "" };
}

