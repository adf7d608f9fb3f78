/** A list page's filters and its keyset pages: changing a filter goes back to page 1. */
import { useCallback, useState } from "react";

import { useCursorPages } from "./use-cursor-pages";

export function useListFilters<F extends object>(initial: F) {
  const pages = useCursorPages();
  const { reset } = pages;
  const [filters, setFilters] = useState<F>(initial);
  const set = useCallback(
    (patch: Partial<F>) => {
      setFilters((f) => ({ ...f, ...patch }));
      reset();
    },
    [reset],
  );
  return { filters, set, pages };
}
