/** What a client may do and where: the scope checkboxes and the regions, in a form of either
 * dialog (register, change access), with the API's complaints on the field they are about. */
import type { UseFormReturnType } from "@mantine/form";
import type { TFunction } from "i18next";

import { formFieldErrors } from "@/lib/api/messages";

import type { Scope } from "../api/integration-clients";

import { RegionPicker } from "./regions";
import { ScopeCheckboxes } from "./scopes";

export type AccessValues = { scopes: Scope[]; region_codes: string[] };

export const validateAccess = (t: TFunction) => ({
  scopes: (v: Scope[]) => (v.length ? null : t("integrations.scopesMissing")),
});

export function AccessFields<T extends AccessValues>({ form }: { form: UseFormReturnType<T> }) {
  const access = form as unknown as UseFormReturnType<AccessValues>;
  return (
    <>
      <ScopeCheckboxes
        value={access.values.scopes}
        onChange={(v) => access.setFieldValue("scopes", v as Scope[])}
        error={access.errors.scopes as string | undefined}
      />
      <RegionPicker
        value={access.values.region_codes}
        onChange={(v) => access.setFieldValue("region_codes", v)}
        error={access.errors.region_codes as string | undefined}
      />
    </>
  );
}

/** The API's field errors by form field: `region_codes.2` is the regions field. */
export const accessErrors = formFieldErrors;

/** Whether the form shows every complaint (else the dialog shows the error on top). */
export function allOnFields(errors: Record<string, string>, values: object): boolean {
  const keys = Object.keys(errors);
  return keys.length > 0 && keys.every((k) => k in values);
}
