/** "Catat penilaian": the household's indicators on a day; the answer says how ready it is. */
import { Card, Grid, Input, NumberInput, SegmentedControl, Select, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ChipPicker } from "@/components/chip-picker";
import { FormActions } from "@/components/form-actions";
import { ErrorAlert } from "@/components/states";
import { useOutboxForm } from "@/lib/offline/hooks";
import type { AssessmentCreate } from "@/lib/offline/outbox";
import {
  assessmentCreateFloorAnyOf0Values as FLOORS,
  assessmentCreateIncome_sourcesAnyOf0Values as INCOME_SOURCES,
  assessmentCreateSanitationAnyOf0Values as SANITATION,
  assessmentCreateWaterAnyOf0Values as WATER,
} from "@/lib/api/schema";
import { humanCode } from "@/utils/format";

import type { Assessment } from "../api/get-assessments";

type Tri = "yes" | "no" | "unknown";
type Amount = number | string;
export type AssessmentValues = {
  assessed_on: string;
  per_capita_expenditure: Amount;
  income_sources: string[];
  savings_rupiah: Amount;
  adminduk_complete: Tri;
  jkn_all_members: Tri;
  children_7_18: Amount;
  children_7_18_in_school: Amount;
  floor: string | null;
  water: string | null;
  sanitation: string | null;
  desil: string | null;
  notes: string;
};

const HOUSING = [
  ["floor", FLOORS],
  ["water", WATER],
  ["sanitation", SANITATION],
] as const;

const today = () => new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD in the device's zone
const amount = (v: Amount) => (v === "" ? null : Number(v));
const tri = (v: Tri) => (v === "unknown" ? null : v === "yes");

/** Left empty = not measured (null): the API never counts it as met. */
export function toAssessmentBody(v: AssessmentValues): AssessmentCreate {
  return {
    assessed_on: v.assessed_on,
    per_capita_expenditure: amount(v.per_capita_expenditure),
    income_sources: v.income_sources.length ? (v.income_sources as AssessmentCreate["income_sources"]) : null,
    savings_rupiah: amount(v.savings_rupiah),
    adminduk_complete: tri(v.adminduk_complete),
    jkn_all_members: tri(v.jkn_all_members),
    children_7_18: amount(v.children_7_18),
    children_7_18_in_school: amount(v.children_7_18_in_school),
    floor: v.floor as AssessmentCreate["floor"],
    water: v.water as AssessmentCreate["water"],
    sanitation: v.sanitation as AssessmentCreate["sanitation"],
    desil: v.desil ? Number(v.desil) : null,
    notes: v.notes.trim() || null,
  };
}

type Props = { household: { id: string; head_name: string }; onDone: () => void; onCancel: () => void };

export function AssessmentForm({ household, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  // One key per form: a resend after a lost answer gets the stored answer, not a second record.
  const [key] = useState(() => crypto.randomUUID());
  const form = useForm<AssessmentValues>({
    initialValues: {
      assessed_on: today(),
      per_capita_expenditure: "",
      income_sources: [],
      savings_rupiah: "",
      adminduk_complete: "unknown",
      jkn_all_members: "unknown",
      children_7_18: "",
      children_7_18_in_school: "",
      floor: null,
      water: null,
      sanitation: null,
      desil: null,
      notes: "",
    },
    validate: {
      assessed_on: (v) => (!v ? t("errors.field.missing") : v > today() ? t("errors.field.future") : null),
      children_7_18_in_school: (v, values) =>
        v !== "" && values.children_7_18 !== "" && Number(v) > Number(values.children_7_18) ? t("assessment.moreInSchool") : null,
    },
  });

  const { send, sending, otherError } = useOutboxForm(form, onDone);
  const submit = form.onSubmit((values) => {
    const job = { kind: "assessment" as const, householdId: household.id, householdName: household.head_name, idempotencyKey: key, body: toAssessmentBody(values) };
    send(job, values, (data) => {
      const saved = data as Assessment;
      notifications.show({ color: "teal", message: saved.ready ? t("assessment.savedReady") : t("assessment.saved", { score: Math.round(saved.readiness_score * 100) }) });
    });
  });

  // Housing categories are the API's own Bahasa Indonesia words (BPS/DTKS): shown as they are.
  const options = (values: readonly (string | null)[]) => values.flatMap((v) => (v ? [{ value: v, label: humanCode(v) }] : []));
  const triInput = (name: "adminduk_complete" | "jkn_all_members") => (
    <div>
      <Input.Label mb={4}>
        {t(`assessment.${name}`)}
      </Input.Label>
      <SegmentedControl
        fullWidth
        size="xs"
        data={[
          { value: "yes", label: t("common.yes") },
          { value: "no", label: t("common.no") },
          { value: "unknown", label: t("assessment.unknown") },
        ]}
        {...form.getInputProps(name)}
      />
    </div>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={960}>
        {otherError != null && <ErrorAlert error={otherError} />}
        <Card withBorder radius="md">
          <Title order={5} mb="sm">
            {t("assessment.economy")}
          </Title>
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput type="date" label={t("assessment.assessedOn")} required {...form.getInputProps("assessed_on")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput label={t("assessment.expenditure")} description={t("assessment.expenditureHint")} prefix="Rp " thousandSeparator="." decimalSeparator="," min={0} allowDecimal={false} {...form.getInputProps("per_capita_expenditure")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput label={t("assessment.savings")} description={t("assessment.savingsHint")} prefix="Rp " thousandSeparator="." decimalSeparator="," min={0} allowDecimal={false} {...form.getInputProps("savings_rupiah")} />
            </Grid.Col>
            <Grid.Col span={12}>
              <ChipPicker
                label={t("assessment.incomeSources")}
                options={INCOME_SOURCES.flatMap((v) => (v ? [{ value: v, label: t(`incomeSource.${v}`) }] : []))}
                value={form.values.income_sources}
                onChange={(v) => form.setFieldValue("income_sources", v)}
              />
            </Grid.Col>
          </Grid>
        </Card>
        <Card withBorder radius="md">
          <Title order={5} mb="sm">
            {t("assessment.family")}
          </Title>
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, sm: 6 }}>{triInput("adminduk_complete")}</Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>{triInput("jkn_all_members")}</Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label={t("assessment.children")} min={0} max={30} allowDecimal={false} {...form.getInputProps("children_7_18")} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label={t("assessment.childrenInSchool")} min={0} max={30} allowDecimal={false} {...form.getInputProps("children_7_18_in_school")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select label={t("fields.desil")} clearable data={Array.from({ length: 10 }, (_, i) => String(i + 1))} {...form.getInputProps("desil")} />
            </Grid.Col>
          </Grid>
        </Card>
        <Card withBorder radius="md">
          <Title order={5} mb="sm">
            {t("households.housing")}
          </Title>
          <Grid gap="sm">
            {HOUSING.map(([name, values]) => (
              <Grid.Col key={name} span={{ base: 12, sm: 4 }}>
                <Select label={t(`housing.${name}`)} clearable data={options(values)} {...form.getInputProps(name)} />
              </Grid.Col>
            ))}
          </Grid>
          <Textarea mt="sm" label={t("fields.notes")} autosize minRows={2} maxLength={4000} {...form.getInputProps("notes")} />
        </Card>
        <FormActions submit={t("assessment.submit")} loading={sending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
