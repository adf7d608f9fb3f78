/** Create or edit a household; the API's validation messages land on the field they name. */
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  Select,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ErrorAlert, StaleAlert } from "@/components/states";
import { fieldErrors } from "@/lib/api/messages";
import { isApiError } from "@/lib/api/problem";
import { EDITABLE_STATUSES, RELATIONSHIPS, TAXONOMY, useKecamatan, useKelurahan } from "@/lib/reference";

import type { Household } from "../api/get-household";
import { useCreateHousehold, useUpdateHousehold, type HouseholdCreate, type HouseholdUpdate } from "../api/save-household";

type MemberValues = { nik: string; name: string; relationship: string };
export type HouseholdValues = {
  kk_number: string;
  head_name: string;
  head_nik: string;
  kecamatan: string | null;
  kelurahan_code: string | null;
  address: string;
  rt: string;
  rw: string;
  desil: string | null;
  extreme_poor: boolean;
  status: string;
  needs: string[];
  notes: string;
  members: MemberValues[];
};

const EMPTY: HouseholdValues = {
  kk_number: "",
  head_name: "",
  head_nik: "",
  kecamatan: null,
  kelurahan_code: null,
  address: "",
  rt: "",
  rw: "",
  desil: null,
  extreme_poor: true,
  status: "identified",
  needs: [],
  notes: "",
  members: [],
};

export function valuesOf(h: Household): HouseholdValues {
  return {
    kk_number: h.kk_number,
    head_name: h.head_name,
    head_nik: h.head_nik,
    kecamatan: h.kecamatan_code,
    kelurahan_code: h.kelurahan_code,
    address: h.address,
    rt: h.rt ?? "",
    rw: h.rw ?? "",
    desil: h.desil != null ? String(h.desil) : null,
    extreme_poor: h.extreme_poor,
    status: h.status,
    needs: h.needs,
    notes: h.notes ?? "",
    members: [],
  };
}

/** The body the API takes: empty optional text is left out, numbers are numbers. */
export function toBody(v: HouseholdValues): HouseholdCreate {
  return {
    kk_number: v.kk_number.trim(),
    head_name: v.head_name,
    head_nik: v.head_nik.trim(),
    kelurahan_code: v.kelurahan_code ?? "",
    address: v.address,
    rt: v.rt.trim() || null,
    rw: v.rw.trim() || null,
    desil: v.desil ? Number(v.desil) : null,
    extreme_poor: v.extreme_poor,
    status: v.status as HouseholdCreate["status"],
    needs: v.needs as HouseholdCreate["needs"],
    notes: v.notes.trim() || null,
    members: v.members.map((m) => ({
      nik: m.nik.trim(),
      name: m.name,
      relationship: m.relationship as NonNullable<HouseholdCreate["members"]>[number]["relationship"],
    })),
  };
}

/** Only what changed, so an edit never rewrites what the officer did not touch. */
export function changedFields(before: HouseholdValues, after: HouseholdValues): HouseholdUpdate {
  const a = toBody(before) as Record<string, unknown>;
  const b = toBody(after) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b)) {
    if (key === "members") continue;
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = b[key];
  }
  return out as HouseholdUpdate;
}

type Props =
  | { mode: "create" }
  | { mode: "edit"; household: Household; etag: string; onReload: () => Promise<unknown> };

export function HouseholdForm(props: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const initial = props.mode === "edit" ? valuesOf(props.household) : EMPTY;
  const form = useForm<HouseholdValues>({
    initialValues: initial,
    validate: {
      // An edit shows identifiers masked; left untouched they are not sent, so they need no check.
      kk_number: (v) => (v === initial.kk_number && props.mode === "edit") || /^\d{16}$/.test(v.trim()) ? null : t("errors.field.digits16"),
      head_nik: (v) => (v === initial.head_nik && props.mode === "edit") || /^\d{16}$/.test(v.trim()) ? null : t("errors.field.digits16"),
      head_name: (v) => (v.trim() ? null : t("errors.field.missing")),
      address: (v) => (v.trim() ? null : t("errors.field.missing")),
      kelurahan_code: (v) => (v ? null : t("errors.field.missing")),
      members: { nik: (v) => (/^\d{16}$/.test(v.trim()) ? null : t("errors.field.digits16")) },
    },
  });
  const [otherError, setOtherError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const create = useCreateHousehold();
  const update = useUpdateHousehold(props.mode === "edit" ? props.household.id : "");
  const kecamatan = useKecamatan();
  const kelurahan = useKelurahan(form.values.kecamatan);

  const onError = (error: unknown) => {
    if (isApiError(error, 412)) {
      setStale(true);
      return;
    }
    const byField = fieldErrors(t, error);
    form.setErrors(byField);
    const known = Object.keys(byField).some((k) => k in form.values || k.startsWith("members."));
    setOtherError(known ? null : error);
    if (known) notifications.show({ color: "red", message: t("forms.fixFields") });
  };

  const submit = form.onSubmit((values) => {
    setOtherError(null);
    if (props.mode === "create") {
      create.mutate(toBody(values), {
        onSuccess: (h) => {
          notifications.show({ color: "teal", message: t("households.created") });
          void navigate(`/households/${h.id}`);
        },
        onError,
      });
      return;
    }
    const body = changedFields(initial, values);
    update.mutate(
      { body, etag: props.etag },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("households.saved") });
          void navigate(`/households/${props.household.id}`);
        },
        onError,
      },
    );
  });

  const reload = async () => {
    if (props.mode !== "edit") return;
    await props.onReload();
    setStale(false);
  };

  const pending = create.isPending || update.isPending;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {stale && (
          <StaleAlert onReload={() => void reload()} />
        )}
        {otherError != null && <ErrorAlert error={otherError} />}
        <Card withBorder radius="md">
          <Title order={4} mb="sm">
            {t("households.identity")}
          </Title>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("fields.kkNumber")} required inputMode="numeric" maxLength={16} {...form.getInputProps("kk_number")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("fields.headNik")} required inputMode="numeric" maxLength={16} {...form.getInputProps("head_nik")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t("fields.headName")} required {...form.getInputProps("head_name")} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <Select
                label={t("fields.desil")}
                clearable
                data={Array.from({ length: 10 }, (_, i) => String(i + 1))}
                {...form.getInputProps("desil")}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <Select
                label={t("fields.status")}
                data={EDITABLE_STATUSES.filter((s) => s !== "moved" || props.mode === "edit").map((s) => ({ value: s, label: t(`householdStatus.${s}`) }))}
                disabled={props.mode === "edit" && !(EDITABLE_STATUSES as readonly string[]).includes(initial.status)}
                {...form.getInputProps("status")}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Checkbox label={t("fields.extremePoor")} {...form.getInputProps("extreme_poor", { type: "checkbox" })} />
            </Grid.Col>
          </Grid>
        </Card>
        <Card withBorder radius="md">
          <Title order={4} mb="sm">
            {t("fields.address")}
          </Title>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t("fields.kecamatan")}
                searchable
                data={(kecamatan.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
                {...form.getInputProps("kecamatan")}
                onChange={(v) => {
                  form.setFieldValue("kecamatan", v);
                  form.setFieldValue("kelurahan_code", null);
                }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t("fields.kelurahan")}
                required
                searchable
                disabled={!form.values.kecamatan}
                data={(kelurahan.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
                {...form.getInputProps("kelurahan_code")}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <TextInput label={t("fields.address")} required {...form.getInputProps("address")} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 2 }}>
              <TextInput label="RT" inputMode="numeric" maxLength={3} {...form.getInputProps("rt")} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 2 }}>
              <TextInput label="RW" inputMode="numeric" maxLength={3} {...form.getInputProps("rw")} />
            </Grid.Col>
          </Grid>
        </Card>
        <Card withBorder radius="md">
          <Title order={4} mb="sm">
            {t("fields.needs")}
          </Title>
          <MultiSelect
            label={t("fields.needs")}
            data={TAXONOMY.map((c) => ({ value: c, label: t(`taxonomy.${c}`) }))}
            searchable
            {...form.getInputProps("needs")}
          />
          <Textarea mt="sm" label={t("fields.notes")} autosize minRows={2} maxLength={2000} {...form.getInputProps("notes")} />
        </Card>
        {props.mode === "create" && (
          <Card withBorder radius="md">
            <Group justify="space-between" mb="sm">
              <Title order={4}>{t("households.membersTitle")}</Title>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem("members", { nik: "", name: "", relationship: "anak" })}
              >
                {t("households.addMember")}
              </Button>
            </Group>
            <Stack gap="xs">
              {form.values.members.map((_, index) => (
                <Grid key={index} gap="xs" align="flex-end">
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <TextInput label={t("fields.nik")} inputMode="numeric" maxLength={16} {...form.getInputProps(`members.${index}.nik`)} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, sm: 4 }}>
                    <TextInput label={t("fields.name")} {...form.getInputProps(`members.${index}.name`)} />
                  </Grid.Col>
                  <Grid.Col span={{ base: 10, sm: 3 }}>
                    <Select
                      label={t("fields.relationship")}
                      data={RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
                      {...form.getInputProps(`members.${index}.relationship`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 2, sm: 1 }}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t("households.removeMember")}
                      onClick={() => form.removeListItem("members", index)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Grid.Col>
                </Grid>
              ))}
            </Stack>
          </Card>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => void navigate(-1)}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending}>
            {props.mode === "create" ? t("households.create") : t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
