/** /users: list, create, change (role, active) and deactivate; writes send If-Match. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";
import type { components, operations } from "@/lib/api/schema";

export type User = components["schemas"]["UserRead"];
export type UserCreate = components["schemas"]["UserCreate"];
export type UserFilters = Pick<
  NonNullable<operations["users-list"]["parameters"]["query"]>,
  "q" | "role" | "active"
>;

/** The ETag the API derives from a row version (list rows carry the version, not the header). */
const etagOf = (user: Pick<User, "version">) => `"${user.version}"`;

export function useUsers(filters: UserFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["users", filters, cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/users", { params: { query: { ...filters, limit: 25, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) =>
      unwrap(api.POST("/api/v1/users", { body, headers: { "Idempotency-Key": crypto.randomUUID() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, body }: { user: User; body: components["schemas"]["UserUpdate"] }) =>
      unwrap(
        api.PATCH("/api/v1/users/{user_id}", {
          params: { path: { user_id: user.id }, header: { "If-Match": etagOf(user) } },
          body,
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}

export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: User) =>
      unwrap(
        api.DELETE("/api/v1/users/{user_id}", {
          params: { path: { user_id: user.id }, header: { "If-Match": etagOf(user) } },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}
