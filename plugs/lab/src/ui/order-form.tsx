import { zodResolver } from "@hookform/resolvers/zod";
import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { orderInput } from "../inputs.js";
import { priorities } from "../vocabulary.js";
import { formatDateTime } from "./format-date.js";
import { usePlugMutation } from "./lab-client.js";
import { useOpenEncounters } from "./open-encounters.js";

// The route's own input schema, plus the encounter the order is for: the form checks what the server checks.
const orderForm = orderInput.extend({ encounterId: z.uuid() });
type OrderFormInput = z.input<typeof orderForm>;
type OrderFormOutput = z.output<typeof orderForm>;

/**
 * Orders a test for one of the patient's open encounters, or for `encounterId` when the form is shown on an
 * encounter's page (no choice then). `titleOrder` keeps the headings in order where it is placed.
 */
export function OrderForm({ patientId, encounterId, titleOrder = 2 }: { patientId: string; encounterId?: string; titleOrder?: 2 | 3 }) {
  const { t, locale } = usePlugTranslation();
  const encounters = useOpenEncounters(patientId);
  const [ordered, setOrdered] = useState<string | null>(null);
  const form = useForm<OrderFormInput, unknown, OrderFormOutput>({
    resolver: zodResolver(orderForm),
    defaultValues: { encounterId: encounterId ?? "", testCode: "", testName: "", priority: "routine" },
  });
  const order = usePlugMutation("POST /encounters/:encounterId/orders", {
    onSuccess: (created) => {
      setOrdered(created.testName);
      form.reset({ encounterId: form.getValues("encounterId"), testCode: "", testName: "", priority: "routine" });
    },
  });
  const open = (encounters.data?.items ?? []).filter((encounter) => !encounterId || encounter.id === encounterId);
  const newest = open[0]?.id;
  // The newest open encounter is the usual choice: chosen once the list arrives.
  useEffect(() => {
    if (newest && !form.getValues("encounterId")) form.setValue("encounterId", newest);
  }, [newest, form]);

  const submit = form.handleSubmit(({ encounterId, ...body }) => {
    setOrdered(null);
    order.mutate({ params: { encounterId }, body });
  });
  const { errors } = form.formState;

  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="lab-order-title" noValidate>
      <Stack gap="sm">
        <Title order={titleOrder} id="lab-order-title">
          {t("order.title")}
        </Title>
        {encounters.isSuccess && open.length === 0 ? (
          <Text>{encounterId ? t("order.encounterClosed") : t("order.noOpenEncounter")}</Text>
        ) : (
          <>
            {!encounterId && (
              <NativeSelect
                label={t("order.encounter")}
                {...form.register("encounterId")}
                data={open.map((encounter) => ({
                  value: encounter.id,
                  label: t("order.encounterOption", {
                    kind: t(`kind.${encounter.kind}`),
                    date: formatDateTime(encounter.startedAt ?? encounter.createdAt, locale),
                  }),
                }))}
                error={errors.encounterId && t("required")}
              />
            )}
            <Group grow align="flex-start">
              <TextInput
                label={t("order.testCode")}
                description={t("order.testCodeHint")}
                {...form.register("testCode")}
                error={errors.testCode && t("order.testCodeHint")}
              />
              <TextInput label={t("order.testName")} {...form.register("testName")} error={errors.testName && t("required")} />
              <NativeSelect
                label={t("order.priority")}
                {...form.register("priority")}
                data={priorities.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
              />
            </Group>
            <Group>
              <Button type="submit" loading={order.isPending}>
                {t("order.submit")}
              </Button>
            </Group>
          </>
        )}
        {order.isError && (
          <Alert color="red" role="alert">
            {t("saveFailed", { message: order.error.message })}
          </Alert>
        )}
        {ordered && <Text role="status">{t("order.ordered", { test: ordered })}</Text>}
      </Stack>
    </form>
  );
}
