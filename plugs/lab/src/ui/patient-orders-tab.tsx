import { Alert, Loader, Stack, Text, Title } from "@mantine/core";
import { usePlugTranslation } from "@care/plug-sdk/ui";
import { useState } from "react";
import { usePlugQuery } from "./lab-client.js";
import { OrderForm } from "./order-form.js";
import { OrdersTable } from "./orders-table.js";
import { ResultForm } from "./result-form.js";

/** The patient page's Lab tab: order a test, see the orders and their results, record a result. */
export default function PatientOrdersTab({ patientId }: { patientId: string }) {
  const { t } = usePlugTranslation();
  const orders = usePlugQuery("GET /patients/:patientId/orders", { params: { patientId } });
  const [recording, setRecording] = useState<{ id: string; testName: string } | null>(null);

  return (
    <Stack gap="xl">
      <OrderForm patientId={patientId} />
      <Stack gap="sm">
        <Title order={2}>{t("orders.title")}</Title>
        {orders.isPending && <Loader size="sm" role="status" aria-label={t("orders.title")} />}
        {orders.isError && (
          <Alert color="red" role="alert">
            {t("orders.loadFailed", { message: orders.error.message })}
          </Alert>
        )}
        {orders.isSuccess &&
          (orders.data.items.length === 0 ? (
            <Text>{t("orders.empty")}</Text>
          ) : (
            <OrdersTable orders={orders.data.items} onRecord={setRecording} />
          ))}
        {recording && <ResultForm key={recording.id} order={recording} onDone={() => setRecording(null)} />}
      </Stack>
    </Stack>
  );
}
