/** The signed-in mentor's households: the API scopes GET /households to them. */
import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "@/lib/api/client";

export function useMyHouseholds() {
  return useQuery({
    queryKey: ["households", "mine"],
    queryFn: () => unwrap(api.GET("/api/v1/households", { params: { query: { limit: 50, sort: "head_name" } } })),
  });
}
